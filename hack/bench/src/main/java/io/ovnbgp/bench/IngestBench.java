package io.ovnbgp.bench;

import com.fasterxml.jackson.databind.JsonNode;
import io.ovnbgp.e2e.harness.Command;
import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.FreePorts;
import io.ovnbgp.e2e.harness.FrrBgpd;
import io.ovnbgp.e2e.harness.GoBgpd;
import io.ovnbgp.e2e.harness.ManagedProcess;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * hack/bench/ingest: replays one pre-encoded Internet-like table from {@link FastSender} into each receiver in
 * turn (ours, BIRD 2, FRR bgpd, GoBGP) and measures the time from the first byte sent to all prefixes in the
 * receiver's RIB, and the receiver's peak resident memory. Prints a Markdown table.
 */
public final class IngestBench {
    private static final long SENDER_AS = 65001;
    private static final long RECEIVER_AS = 65002;
    private static final String SENDER_ADDR = "127.0.0.1";
    private static final String RECEIVER_ADDR = "127.0.0.2";
    private static final String NEXT_HOP = "203.0.113.1";
    private static final Duration LIMIT = Duration.ofMinutes(5);

    record Result(String receiver, int prefixes, double seconds, long peakRssKib, String note) {}

    public static void main(String[] args) throws Exception {
        int prefixes = 1_000_000;
        List<String> receivers = List.of("ours", "ours-none", "bird", "frr", "gobgp");
        String ourJar = null;
        int runs = 1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[++i]);
                case "--prefixes" -> prefixes = Integer.parseInt(args[++i]);
                case "--receivers" -> receivers = List.of(args[++i].split(","));
                case "--our-jar" -> ourJar = Path.of(args[++i]).toAbsolutePath().toString();
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        long t = System.nanoTime();
        InternetLikeTable table = InternetLikeTable.generate(prefixes, SENDER_AS, NEXT_HOP, 42);
        System.err.printf(
                Locale.ROOT,
                "table: %d prefixes, %d attribute sets, %d UPDATEs, %.1f MB, built in %.1f s%n",
                table.prefixes(),
                table.attributeSets(),
                table.updates().size(),
                table.bytes() / 1e6,
                (System.nanoTime() - t) / 1e9);

        List<Result> results = new ArrayList<>();
        double senderRate = senderOwnRate(table);
        System.err.printf(
                Locale.ROOT,
                "sender alone into a discarding socket: %.0f prefixes/s (%.0f MB/s)%n",
                senderRate * table.prefixes() / table.bytes(),
                senderRate / 1e6);
        for (String r : receivers) {
            List<Result> tries = new ArrayList<>();
            for (int run = 0; run < runs; run++) {
                try (Daemons daemons = Daemons.create()) {
                    Result res = switch (r) {
                        case "ours" -> ours(daemons, table, ourJar, "all");
                        case "ours-none" -> ours(daemons, table, ourJar, "none");
                        case "bird" -> bird(daemons, table);
                        case "frr" -> frr(daemons, table);
                        case "gobgp" -> gobgp(daemons, table);
                        default -> throw new IllegalArgumentException("unknown receiver " + r);
                    };
                    System.err.println(res);
                    tries.add(res);
                } catch (Exception e) {
                    System.err.println(r + " failed: " + e);
                    tries.add(new Result(r, prefixes, Double.NaN, -1, "failed: " + e.getMessage()));
                }
            }
            results.add(median(tries));
        }
        System.out.println(markdown(table, senderRate, results));
    }

    private static double senderOwnRate(InternetLikeTable table) throws Exception {
        try (ServerSocket sink = new ServerSocket(0, 1, InetAddress.getByName(RECEIVER_ADDR))) {
            Thread peer = new Thread(() -> fakePeer(sink), "discard-peer");
            peer.setDaemon(true);
            peer.start();
            try (FastSender s = FastSender.connect(
                    new InetSocketAddress(SENDER_ADDR, 0),
                    new InetSocketAddress(RECEIVER_ADDR, sink.getLocalPort()),
                    SENDER_AS,
                    0x0A000001)) {
                return s.send(table.updates());
            }
        }
    }

    /** Answers the OPEN exchange, then reads and discards everything. */
    private static void fakePeer(ServerSocket sink) {
        try (Socket s = sink.accept()) {
            var in = s.getInputStream();
            var out = s.getOutputStream();
            io.netty.buffer.ByteBuf b = io.netty.buffer.Unpooled.buffer();
            io.ovnbgp.bgp.wire.MessageCodec.encode(
                    io.ovnbgp.bgp.wire.OpenMessage.of(
                            RECEIVER_AS,
                            180,
                            0x0A000002,
                            List.of(new io.ovnbgp.bgp.wire.Capability.FourOctetAs(RECEIVER_AS))),
                    io.ovnbgp.bgp.wire.CodecContext.BEFORE_OPEN,
                    b);
            io.ovnbgp.bgp.wire.MessageCodec.encode(
                    io.ovnbgp.bgp.wire.KeepaliveMessage.INSTANCE, io.ovnbgp.bgp.wire.CodecContext.BEFORE_OPEN, b);
            byte[] hello = new byte[b.readableBytes()];
            b.readBytes(hello);
            b.release();
            out.write(hello);
            out.flush();
            byte[] buf = new byte[1 << 20];
            while (in.read(buf) >= 0) {
                // discard
            }
        } catch (IOException e) {
            // sender closed
        }
    }

    private static Result measure(
            String name, InternetLikeTable table, ManagedProcess receiver, int port, LongSupplier count, String note)
            throws Exception {
        return measure(name, table, receiver, port, count, note, () -> "");
    }

    /** {@code whileUp} runs with the session still up, after all prefixes arrived; it returns a note. */
    private static Result measure(
            String name,
            InternetLikeTable table,
            ManagedProcess receiver,
            int port,
            LongSupplier count,
            String note,
            Callable<String> whileUp)
            throws Exception {
        long pid = receiver.pid();
        try (FastSender s = FastSender.connect(
                new InetSocketAddress(SENDER_ADDR, 0),
                new InetSocketAddress(RECEIVER_ADDR, port),
                SENDER_AS,
                0x0A000001)) {
            Thread sending = new Thread(
                    () -> {
                        try {
                            s.send(table.updates());
                        } catch (IOException e) {
                            System.err.println(name + ": sending stopped: " + e);
                        }
                    },
                    "sending");
            sending.start();
            long deadline = System.nanoTime() + LIMIT.toNanos();
            long n = 0;
            while (System.nanoTime() < deadline) {
                receiver.assertAlive();
                n = count.getAsLong();
                if (n >= table.prefixes()) {
                    break;
                }
                Thread.sleep(50);
            }
            long end = System.nanoTime();
            sending.join(60_000);
            while (s.firstByteNanos() == 0) {
                Thread.sleep(1);
            }
            if (n < table.prefixes()) {
                return new Result(
                        name,
                        table.prefixes(),
                        Double.NaN,
                        ProcessMemory.peakKib(pid),
                        "only " + n + " prefixes after " + LIMIT);
            }
            long peak = ProcessMemory.peakKib(pid);
            String extra = whileUp.call();
            return new Result(
                    name, table.prefixes(), (end - s.firstByteNanos()) / 1e9, peak, extra.isEmpty() ? note : extra);
        }
    }

    // ------------------------------------------------------------------ receivers

    private static Result ours(Daemons daemons, InternetLikeTable table, String jar, String mode) throws Exception {
        if (jar == null) {
            throw new IllegalArgumentException("--our-jar is required for our receiver");
        }
        int port = FreePorts.next();
        Path report = daemons.newDir("ours").resolve("counts");
        String heap = "all".equals(mode) ? "-Xmx2g" : "-Xmx128m";
        List<String> argv = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), heap));
        // e.g. OURS_JAVA_OPTS=-XX:StartFlightRecording=filename=/tmp/ours.jfr to profile our receiver alone
        String extra = System.getenv("OURS_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            argv.addAll(List.of(extra.trim().split("\\s+")));
        }
        argv.addAll(List.of(
                "-cp",
                jar,
                "io.ovnbgp.bench.OurReceiver",
                RECEIVER_ADDR,
                Integer.toString(port),
                Long.toString(RECEIVER_AS),
                Long.toString(SENDER_AS),
                SENDER_ADDR,
                mode,
                report.toString()));
        ManagedProcess p = daemons.start("ours", argv, Map.of());
        p.awaitReady("listening", Duration.ofSeconds(30), () -> Files.exists(report));
        LongSupplier count = () -> readLong(report, "received");
        if ("none".equals(mode)) {
            // nothing is stored, so count what was read off the wire instead
            count = () -> readLong(report, "seen");
        }
        Callable<String> retained = () -> {
            if (!"all".equals(mode)) {
                return "";
            }
            // the session stays up meanwhile: a closed session would take the routes with it
            Files.writeString(report.resolveSibling("gc"), "now");
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofMinutes(3))
                    .until(() -> readLong(report, "retainedBytesPerRoute") > 0);
            return "retained heap " + readLong(report, "retainedBytesPerRoute") + " B/route after full GC";
        };
        return measure("ours (receive " + mode + ", " + heap + ")", table, p, port, count, "", retained);
    }

    private static long readLong(Path report, String key) {
        try {
            for (String line : Files.readAllLines(report, StandardCharsets.UTF_8)) {
                if (line.startsWith(key + "=")) {
                    return Long.parseLong(line.substring(key.length() + 1).trim());
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    private static Result bird(Daemons daemons, InternetLikeTable table) throws Exception {
        int port = FreePorts.next();
        Path dir = daemons.newDir("bird");
        Path conf = dir.resolve("bird.conf");
        Files.writeString(conf, """
                router id 10.0.0.2;
                log stderr { warning, error, fatal };
                protocol device { }
                # the feed's next hop resolves through this, as it would through an IGP
                protocol static { ipv4; route 203.0.113.0/24 blackhole; }
                protocol bgp feed {
                  local %s port %d as %d;
                  neighbor %s as %d;
                  multihop;
                  hold time 240;
                  ipv4 { import all; export none; };
                }
                """.formatted(RECEIVER_ADDR, port, RECEIVER_AS, SENDER_ADDR, SENDER_AS));
        Path ctl = dir.resolve("bird.ctl");
        ManagedProcess p = daemons.start(
                "bird",
                List.of(
                        "bird",
                        "-f",
                        "-c",
                        conf.toString(),
                        "-s",
                        ctl.toString(),
                        "-P",
                        dir.resolve("bird.pid").toString()),
                Map.of());
        p.awaitReady(
                "birdc answers",
                Duration.ofSeconds(20),
                () -> Command.run(
                                List.of("birdc", "-s", ctl.toString(), "show", "status"),
                                Map.of(),
                                Duration.ofSeconds(5))
                        .ok());
        return measure(
                "BIRD " + version(List.of("bird", "--version")),
                table,
                p,
                port,
                () -> {
                    Command.Result r = Command.run(
                            List.of("birdc", "-s", ctl.toString(), "show", "route", "count"),
                            Map.of(),
                            Duration.ofSeconds(30));
                    // "1000001 of 1000001 routes for 1000001 networks in table master4" (the static route is one more)
                    for (String line : r.stdout().split("\n")) {
                        if (line.contains("routes for")) {
                            return Long.parseLong(line.trim().split("\\s+")[0]) - 1;
                        }
                    }
                    return 0;
                },
                "");
    }

    private static Result frr(Daemons daemons, InternetLikeTable table) throws Exception {
        int port = FreePorts.next();
        FrrBgpd frr = daemons.frr(RECEIVER_ADDR, port, """
                frr defaults datacenter
                hostname receiver
                router bgp %d
                 bgp router-id 10.0.0.2
                 no bgp ebgp-requires-policy
                 neighbor %s remote-as %d
                 neighbor %s timers 60 180
                """.formatted(RECEIVER_AS, SENDER_ADDR, SENDER_AS, SENDER_ADDR));
        return measure(
                "FRR " + version(List.of("/usr/lib/frr/bgpd", "--version")),
                table,
                frr.process(),
                port,
                () -> {
                    JsonNode peer = frr.vtyshJson("show bgp ipv4 unicast summary json")
                            .path("peers")
                            .path(SENDER_ADDR);
                    return peer.path("pfxRcd").asLong(0);
                },
                "");
    }

    private static Result gobgp(Daemons daemons, InternetLikeTable table) throws Exception {
        int port = FreePorts.next();
        GoBgpd g = daemons.gobgp("""
                [global.config]
                  as = %d
                  router-id = "10.0.0.2"
                  port = %d
                  local-address-list = ["%s"]
                [[neighbors]]
                  [neighbors.config]
                    neighbor-address = "%s"
                    peer-as = %d
                  [neighbors.timers.config]
                    hold-time = 180
                    keepalive-interval = 60
                  [neighbors.transport.config]
                    passive-mode = true
                """.formatted(RECEIVER_AS, port, RECEIVER_ADDR, SENDER_ADDR, SENDER_AS));
        return measure(
                "GoBGP " + version(List.of("gobgpd", "--version")),
                table,
                g.process(),
                port,
                () -> {
                    JsonNode n = g.gobgpJson("neighbor", SENDER_ADDR);
                    JsonNode afis = n.path("afi_safis");
                    long sum = 0;
                    for (JsonNode a : afis) {
                        sum += a.path("state").path("accepted").asLong(0);
                    }
                    return sum;
                },
                "");
    }

    private static String version(List<String> argv) {
        Command.Result r = Command.run(argv, Map.of(), Duration.ofSeconds(10));
        String out = (r.stdout() + r.stderr()).trim();
        Matcher m = Pattern.compile("(\\d+\\.\\d+(\\.\\d+)?)").matcher(out);
        return m.find() ? m.group(1) : "";
    }

    /** The run with the median time (NaN last); its note says how many runs and their spread. */
    static Result median(List<Result> tries) {
        if (tries.size() == 1) {
            return tries.get(0);
        }
        List<Result> sorted = new ArrayList<>(tries);
        sorted.sort(Comparator.comparingDouble(r -> Double.isNaN(r.seconds()) ? Double.MAX_VALUE : r.seconds()));
        Result m = sorted.get(sorted.size() / 2);
        String spread = sorted.stream()
                .map(r -> Double.isNaN(r.seconds()) ? "failed" : String.format(Locale.ROOT, "%.2f", r.seconds()))
                .collect(Collectors.joining(", "));
        String note = "median of " + tries.size() + " runs (" + spread + " s)"
                + (m.note().isEmpty() ? "" : "; " + m.note());
        return new Result(m.receiver(), m.prefixes(), m.seconds(), m.peakRssKib(), note);
    }

    static String markdown(InternetLikeTable table, double senderRate, List<Result> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("Run ").append(Instant.now()).append(" on ").append(machine()).append("\n\n");
        sb.append(String.format(
                Locale.ROOT,
                "Feed: %,d IPv4 prefixes, %,d attribute sets (%,d UPDATEs, %.1f MB). "
                        + "Sender alone: %,.0f prefixes/s.%n%n",
                table.prefixes(),
                table.attributeSets(),
                table.updates().size(),
                table.bytes() / 1e6,
                senderRate * table.prefixes() / table.bytes()));
        sb.append("| receiver | first byte → all prefixes in RIB | prefixes/s | peak RSS | note |\n");
        sb.append("|---|---:|---:|---:|---|\n");
        for (Result r : results) {
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s |%n",
                    r.receiver(),
                    Double.isNaN(r.seconds()) ? "—" : String.format(Locale.ROOT, "%.2f s", r.seconds()),
                    Double.isNaN(r.seconds()) ? "—" : String.format(Locale.ROOT, "%,.0f", r.prefixes() / r.seconds()),
                    r.peakRssKib() < 0 ? "—" : String.format(Locale.ROOT, "%.0f MiB", r.peakRssKib() / 1024.0),
                    r.note()));
        }
        return sb.toString();
    }

    static String machine() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    m.put("cpu", line.substring(line.indexOf(':') + 1).trim());
                    break;
                }
            }
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith("MemTotal")) {
                    m.put("memory", Long.parseLong(line.replaceAll("\\D", "")) / 1024 / 1024 + " GiB");
                    break;
                }
            }
        } catch (IOException e) {
            // leave it out
        }
        m.put("java", System.getProperty("java.version"));
        return m.toString();
    }
}
