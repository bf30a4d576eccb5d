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
import java.util.function.LongPredicate;
import java.util.function.LongSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * hack/bench/ingest: replays one pre-encoded Internet-like table from {@link FastSender} into each receiver in
 * turn (ours, BIRD 2, FRR bgpd, GoBGP) and measures the time from the first byte sent to all prefixes in the
 * receiver's RIB, the receiver's peak resident memory, then the time from the first byte of the whole table's
 * withdrawal to an empty RIB. The two-peer receivers ({@code ours-2}, {@code bird-2}, {@code frr-2}) get the same
 * table from two sessions at once, next hops differing, so that every prefix ends with two paths (an ECMP set);
 * they are timed to all paths in. Our receiver runs with the daemon's own JVM flags (the image's, read from the
 * Containerfile) and the DaemonSet's memory limit standing in for the container's. Prints a Markdown table.
 */
public final class IngestBench {
    private static final long SENDER_AS = 65001;
    private static final long RECEIVER_AS = 65002;
    private static final String SENDER_ADDR = "127.0.0.1";
    /** The second session of the two-peer case: another address, another next hop, the same table. */
    private static final String SENDER2_ADDR = "127.0.0.3";

    private static final String RECEIVER_ADDR = "127.0.0.2";
    private static final String NEXT_HOP = "203.0.113.1";
    private static final String NEXT_HOP2 = "203.0.113.2";
    /**
     * The DaemonSet's memory limit (manifests/base/daemonset.yaml): the container's cgroup limit, from which the
     * daemon's JVM sizes its heap. {@code -XX:MaxRAM} gives our receiver the same view outside a container.
     */
    private static final String CONTAINER_MEMORY = "512m";

    private static final Duration LIMIT = Duration.ofMinutes(5);

    /** {@code withdrawSeconds}: NaN when not measured. */
    record Result(String receiver, int prefixes, double seconds, long peakRssKib, double withdrawSeconds, String note) {
        Result(String receiver, int prefixes, double seconds, long peakRssKib, String note) {
            this(receiver, prefixes, seconds, peakRssKib, Double.NaN, note);
        }
    }

    /** The feed: one table, or the same prefixes with another next hop for the second session. */
    record Feed(InternetLikeTable table, InternetLikeTable second) {
        int prefixes() {
            return table.prefixes();
        }

        List<InternetLikeTable> sessions(boolean twoPeers) {
            return twoPeers ? List.of(table, second) : List.of(table);
        }
    }

    public static void main(String[] args) throws Exception {
        int prefixes = 1_000_000;
        List<String> receivers = List.of("ours", "ours-none", "bird", "ours-2", "bird-2", "frr", "gobgp");
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

        // same seed, so the same prefixes and attributes; only the next hop differs
        InternetLikeTable second = receivers.stream().anyMatch(r -> r.endsWith("-2"))
                ? InternetLikeTable.generate(prefixes, SENDER_AS, NEXT_HOP2, 42)
                : null;
        Feed feed = new Feed(table, second);
        List<Result> results = new ArrayList<>();
        double senderRate = senderOwnRate(table);
        System.err.printf(
                Locale.ROOT,
                "sender alone into a discarding socket: %.0f prefixes/s (%.0f MB/s)%n",
                senderRate * table.prefixes() / table.bytes(),
                senderRate / 1e6);
        // alternating: run k of every receiver before run k+1 of any, so that a drift of the host's speed
        // touches all of them alike
        Map<String, List<Result>> tries = new LinkedHashMap<>();
        for (int run = 0; run < runs; run++) {
            for (String r : receivers) {
                Result res;
                try (Daemons daemons = Daemons.create()) {
                    res = switch (r) {
                        case "ours" -> ours(daemons, feed, ourJar, "all", false);
                        case "ours-none" -> ours(daemons, feed, ourJar, "none", false);
                        case "ours-2" -> ours(daemons, feed, ourJar, "all", true);
                        case "bird" -> bird(daemons, feed, false);
                        case "bird-2" -> bird(daemons, feed, true);
                        case "frr" -> frr(daemons, feed, false);
                        case "frr-2" -> frr(daemons, feed, true);
                        case "gobgp" -> gobgp(daemons, feed);
                        default -> throw new IllegalArgumentException("unknown receiver " + r);
                    };
                } catch (Exception e) {
                    res = new Result(r, prefixes, Double.NaN, -1, "failed: " + e);
                }
                System.err.println(res);
                tries.computeIfAbsent(r, k -> new ArrayList<>()).add(res);
            }
        }
        tries.values().forEach(runsOfOne -> results.add(median(runsOfOne)));
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

    /**
     * Sends the feed (one session, or two at once) and waits until {@code count} reaches every path; then
     * {@code whileUp} runs, the session still up (it returns a note); then, with {@code withdraw}, the first
     * session withdraws the whole table and the wait is for {@code count} at 0.
     */
    private static Result measure(
            String name,
            Feed feed,
            boolean twoPeers,
            ManagedProcess receiver,
            int port,
            LongSupplier count,
            boolean withdraw,
            Callable<String> whileUp)
            throws Exception {
        long pid = receiver.pid();
        double cpuBefore = ProcessMemory.cpuSeconds(pid);
        List<InternetLikeTable> tables = feed.sessions(twoPeers);
        List<FastSender> senders = new ArrayList<>();
        try {
            for (int i = 0; i < tables.size(); i++) {
                senders.add(FastSender.connect(
                        new InetSocketAddress(i == 0 ? SENDER_ADDR : SENDER2_ADDR, 0),
                        new InetSocketAddress(RECEIVER_ADDR, port),
                        SENDER_AS,
                        0x0A000001 + 2 * i));
            }
            long target = (long) feed.prefixes() * tables.size();
            List<Thread> sending = new ArrayList<>();
            for (int i = 0; i < tables.size(); i++) {
                FastSender s = senders.get(i);
                List<byte[]> updates = tables.get(i).updates();
                sending.add(send(name, () -> s.send(updates)));
            }
            long n = awaitCount(receiver, count, c -> c >= target);
            long end = System.nanoTime();
            for (Thread t : sending) {
                t.join(60_000);
            }
            long first = Long.MAX_VALUE;
            for (FastSender s : senders) {
                while (s.firstByteNanos() == 0) {
                    Thread.sleep(1);
                }
                first = Math.min(first, s.firstByteNanos());
            }
            if (n < target) {
                return new Result(
                        name,
                        feed.prefixes(),
                        Double.NaN,
                        ProcessMemory.peakKib(pid),
                        "only " + n + " of " + target + " paths after " + LIMIT);
            }
            double seconds = (end - first) / 1e9;
            long peak = ProcessMemory.peakKib(pid);
            double cpu = ProcessMemory.cpuSeconds(pid) - cpuBefore;
            String note = whileUp.call();
            note = String.format(Locale.ROOT, "process CPU %.2f s", cpu) + (note.isEmpty() ? "" : "; " + note);
            double withdrawSeconds = Double.NaN;
            if (withdraw) {
                FastSender s = senders.get(0);
                List<byte[]> withdrawals = feed.table().withdrawals();
                long before = s.firstByteNanos();
                double cpuWithdraw = ProcessMemory.cpuSeconds(pid);
                Thread t = send(name, () -> s.sendOnly(withdrawals));
                long left = awaitCount(receiver, count, c -> c == 0);
                long empty = System.nanoTime();
                t.join(60_000);
                if (left == 0 && s.firstByteNanos() != before) {
                    withdrawSeconds = (empty - s.firstByteNanos()) / 1e9;
                    note += String.format(
                            Locale.ROOT, "; withdrawal CPU %.2f s", ProcessMemory.cpuSeconds(pid) - cpuWithdraw);
                } else {
                    note += (note.isEmpty() ? "" : "; ") + left + " prefixes left " + LIMIT + " after the withdrawal";
                }
            }
            return new Result(name, feed.prefixes(), seconds, peak, withdrawSeconds, note);
        } finally {
            for (FastSender s : senders) {
                s.close();
            }
        }
    }

    private interface Sending {
        void run() throws IOException;
    }

    private static Thread send(String name, Sending sending) {
        Thread t = new Thread(
                () -> {
                    try {
                        sending.run();
                    } catch (IOException e) {
                        System.err.println(name + ": sending stopped: " + e);
                    }
                },
                "sending");
        t.start();
        return t;
    }

    /** Polls {@code count} every 50 ms until {@code done} or {@link #LIMIT}; returns the last count. */
    private static long awaitCount(ManagedProcess receiver, LongSupplier count, LongPredicate done)
            throws InterruptedException {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        long n = -1;
        while (System.nanoTime() < deadline) {
            receiver.assertAlive();
            n = count.getAsLong();
            if (n >= 0 && done.test(n)) {
                break;
            }
            Thread.sleep(50);
        }
        return n;
    }

    // ------------------------------------------------------------------ receivers

    private static Result ours(Daemons daemons, Feed feed, String jar, String mode, boolean twoPeers) throws Exception {
        if (jar == null) {
            throw new IllegalArgumentException("--our-jar is required for our receiver");
        }
        int port = FreePorts.next();
        Path report = daemons.newDir("ours").resolve("counts");
        List<String> argv = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        argv.addAll(daemonJvmFlags());
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
                twoPeers ? SENDER_ADDR + "," + SENDER2_ADDR : SENDER_ADDR,
                mode,
                report.toString()));
        ManagedProcess p = daemons.start("ours", argv, Map.of());
        p.awaitReady("listening", Duration.ofSeconds(30), () -> Files.exists(report));
        boolean all = "all".equals(mode);
        // receive none stores nothing, so count what was read off the wire instead
        LongSupplier count = () -> readLong(report, !all ? "seen" : twoPeers ? "paths" : "received");
        Callable<String> whileUp = () -> {
            String cpu = cpuNote(report);
            if (!all || twoPeers) {
                return cpu;
            }
            // the session stays up meanwhile: a closed session would take the routes with it
            Files.writeString(report.resolveSibling("gc"), "now");
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofMinutes(3))
                    .until(() -> readLong(report, "retainedBytesPerRoute") > 0);
            return "retained heap " + readLong(report, "retainedBytesPerRoute") + " B/route after full GC; " + cpu;
        };
        String name = "ours (receive " + mode + (twoPeers ? ", two peers: 2-way ECMP" : "") + ")";
        return measure(name, feed, twoPeers, p, port, count, all && !twoPeers, whileUp);
    }

    /**
     * The daemon's JVM flags as the image sets them (the Containerfile's OVN_BGP_BRIDGE_DAEMON_JVM_FLAGS), with
     * the container's memory limit as {@code -XX:MaxRAM}.
     */
    static List<String> daemonJvmFlags() throws IOException {
        List<String> flags = new ArrayList<>(imageJvmFlags());
        flags.add("-XX:MaxRAM=" + CONTAINER_MEMORY);
        return flags;
    }

    /** The Containerfile's OVN_BGP_BRIDGE_DAEMON_JVM_FLAGS (read from the working directory, the repository's top). */
    public static List<String> imageJvmFlags() throws IOException {
        Matcher m = Pattern.compile("OVN_BGP_BRIDGE_DAEMON_JVM_FLAGS=\"([^\"]*)\"")
                .matcher(Files.readString(Path.of("Containerfile")));
        if (!m.find()) {
            throw new IllegalStateException("no OVN_BGP_BRIDGE_DAEMON_JVM_FLAGS in the Containerfile");
        }
        return List.of(m.group(1).trim().split("\\s+"));
    }

    /** CPU seconds of the receiver's busiest threads so far, and its GC pauses, from its report. */
    private static String cpuNote(Path report) throws IOException {
        Map<String, Long> cpu = new LinkedHashMap<>();
        for (String line : Files.readAllLines(report, StandardCharsets.UTF_8)) {
            if (line.startsWith("cpu.")) {
                int eq = line.indexOf('=');
                cpu.put(
                        line.substring(4, eq),
                        Long.parseLong(line.substring(eq + 1).trim()));
            }
        }
        String threads = cpu.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(4)
                .map(e -> String.format(Locale.ROOT, "%s %.2f", e.getKey(), e.getValue() / 1e3))
                .collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "CPU s: %s; GC pauses %.2f s", threads, readLong(report, "gcPauseMs") / 1e3);
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

    private static Result bird(Daemons daemons, Feed feed, boolean twoPeers) throws Exception {
        int port = FreePorts.next();
        Path dir = daemons.newDir("bird");
        Path conf = dir.resolve("bird.conf");
        List<String> peers = twoPeers ? List.of(SENDER_ADDR, SENDER2_ADDR) : List.of(SENDER_ADDR);
        StringBuilder protocols = new StringBuilder();
        for (int i = 0; i < peers.size(); i++) {
            protocols.append("""
                    protocol bgp feed%d {
                      local %s port %d as %d;
                      neighbor %s as %d;
                      multihop;
                      hold time 240;
                      ipv4 { import all; export none; };
                    }
                    """.formatted(i + 1, RECEIVER_ADDR, port, RECEIVER_AS, peers.get(i), SENDER_AS));
        }
        Files.writeString(conf, """
                router id 10.0.0.2;
                log stderr { warning, error, fatal };
                protocol device { }
                # the feed's next hops resolve through this, as they would through an IGP
                protocol static { ipv4; route 203.0.113.0/24 blackhole; }
                """ + protocols);
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
                "BIRD " + version(List.of("bird", "--version")) + (twoPeers ? " (two peers)" : ""),
                feed,
                twoPeers,
                p,
                port,
                () -> {
                    Command.Result r = Command.run(
                            List.of("birdc", "-s", ctl.toString(), "show", "route", "count"),
                            Map.of(),
                            Duration.ofSeconds(30));
                    // "2000001 of 2000001 routes for 1000001 networks in table master4": routes are paths (the
                    // static route is one more)
                    for (String line : r.stdout().split("\n")) {
                        if (line.contains("routes for")) {
                            return Long.parseLong(line.trim().split("\\s+")[0]) - 1;
                        }
                    }
                    return -1;
                },
                !twoPeers,
                () -> "");
    }

    private static Result frr(Daemons daemons, Feed feed, boolean twoPeers) throws Exception {
        int port = FreePorts.next();
        List<String> peers = twoPeers ? List.of(SENDER_ADDR, SENDER2_ADDR) : List.of(SENDER_ADDR);
        StringBuilder neighbors = new StringBuilder();
        for (String peer : peers) {
            neighbors.append(
                    " neighbor %s remote-as %d%n neighbor %s timers 60 180%n".formatted(peer, SENDER_AS, peer));
        }
        FrrBgpd frr = daemons.frr(RECEIVER_ADDR, port, """
                frr defaults datacenter
                hostname receiver
                router bgp %d
                 bgp router-id 10.0.0.2
                 no bgp ebgp-requires-policy
                """.formatted(RECEIVER_AS) + neighbors);
        return measure(
                "FRR " + version(List.of("/usr/lib/frr/bgpd", "--version")) + (twoPeers ? " (two peers)" : ""),
                feed,
                twoPeers,
                frr.process(),
                port,
                () -> {
                    JsonNode all =
                            frr.vtyshJson("show bgp ipv4 unicast summary json").path("peers");
                    long sum = 0;
                    for (String peer : peers) {
                        sum += all.path(peer).path("pfxRcd").asLong(0);
                    }
                    return sum;
                },
                !twoPeers,
                () -> "");
    }

    private static Result gobgp(Daemons daemons, Feed feed) throws Exception {
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
                feed,
                false,
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
                true,
                () -> "");
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
        List<Double> withdrawals = tries.stream()
                .map(Result::withdrawSeconds)
                .filter(w -> !Double.isNaN(w))
                .sorted()
                .toList();
        double withdraw = withdrawals.isEmpty() ? Double.NaN : withdrawals.get(withdrawals.size() / 2);
        if (withdrawals.size() > 1) {
            note += "; withdrawal: "
                    + withdrawals.stream()
                            .map(w -> String.format(Locale.ROOT, "%.2f", w))
                            .collect(Collectors.joining(", "))
                    + " s";
        }
        return new Result(m.receiver(), m.prefixes(), m.seconds(), m.peakRssKib(), withdraw, note);
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
        try {
            sb.append("Our receiver's JVM flags (the daemon's): `")
                    .append(String.join(" ", daemonJvmFlags()))
                    .append("`.\n\n");
        } catch (IOException e) {
            // left out
        }
        sb.append(
                "| receiver | first byte → all paths in RIB | prefixes/s | peak RSS | withdraw all → empty | note |\n");
        sb.append("|---|---:|---:|---:|---:|---|\n");
        for (Result r : results) {
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s | %s |%n",
                    r.receiver(),
                    Double.isNaN(r.seconds()) ? "—" : String.format(Locale.ROOT, "%.2f s", r.seconds()),
                    Double.isNaN(r.seconds()) ? "—" : String.format(Locale.ROOT, "%,.0f", r.prefixes() / r.seconds()),
                    r.peakRssKib() < 0 ? "—" : String.format(Locale.ROOT, "%.0f MiB", r.peakRssKib() / 1024.0),
                    Double.isNaN(r.withdrawSeconds()) ? "—" : String.format(Locale.ROOT, "%.2f s", r.withdrawSeconds()),
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
