package io.ovnbgp.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.ovnbgp.chaos.Fault.Expect;
import io.ovnbgp.chaos.RawPeer.End;
import io.ovnbgp.chaos.RawPeer.Frame;
import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.FreePorts;
import io.ovnbgp.e2e.harness.FrrBgpd;
import io.ovnbgp.e2e.harness.FrrConfigs;
import io.ovnbgp.e2e.harness.OvnDatabases;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * hack/chaos/fuzz: hostile BGP input against the bridge as a process, with a real NB ovsdb-server and a real FRR
 * peer beside it. Fuzz peers (each a configured peer of the bridge, {@code receive: all}) send the faults of
 * {@link FaultGenerator}; each reaction is checked against the RFCs': the NOTIFICATION received (code and
 * subcode), or, for faults the session survives, the RIB afterwards ({@code /routes}, read once a valid UPDATE
 * sent after them is seen there). Meanwhile FRR's session must not flap and keep its routes in the RIB and NB; at
 * the end the heap after a full GC must be back at its baseline and the log must hold no ERROR with a stack trace
 * of ours.
 *
 * <p>Prints a Markdown summary on stdout; exits 1 when any reaction was wrong or anything was lost.
 */
public final class Fuzz {
    private static final String NODE = "node1";
    private static final String BRIDGE = "127.0.0.1";
    private static final int READ_TIMEOUT_MS = 30_000;
    /** How long a fuzz peer retries a connection the bridge refuses (its Idle hold, up to 64 s by back-off). */
    private static final long CONNECT_PATIENCE_NANOS = Duration.ofSeconds(180).toNanos();
    /** Heap after a full GC may end this much above its baseline: +10 %, and at least 4 MiB of noise. */
    private static final double HEAP_TOLERANCE = 0.10;

    private final GeneratorQueues queues;
    private final Tally tally = new Tally();
    private final InetSocketAddress bridgeAddress;
    private final BridgeProcess bridge;
    private final AtomicLong sessionsOpened = new AtomicLong();

    private Fuzz(GeneratorQueues queues, InetSocketAddress bridgeAddress, BridgeProcess bridge) {
        this.queues = queues;
        this.bridgeAddress = bridgeAddress;
        this.bridge = bridge;
    }

    public static void main(String[] args) throws Exception {
        int faults = 100_000;
        long seed = 14;
        int keptLanes = 4;
        int resetLanes = 64;
        int batch = 200;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--faults" -> faults = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--kept-peers" -> keptLanes = Integer.parseInt(args[++i]);
                case "--reset-peers" -> resetLanes = Integer.parseInt(args[++i]);
                case "--batch" -> batch = Integer.parseInt(args[++i]);
                default ->
                    throw new IllegalArgumentException("unknown argument " + args[i]
                            + " (known: --faults N --seed S --kept-peers N --reset-peers N --batch N)");
            }
        }
        int status;
        try (Daemons daemons = Daemons.create()) {
            Thread hook = new Thread(daemons::close, "chaos-daemons-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            status = run(daemons, faults, seed, keptLanes, resetLanes, batch);
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        System.out.flush();
        System.exit(status);
    }

    private static int run(Daemons daemons, int faults, long seed, int keptLanes, int resetLanes, int batch)
            throws Exception {
        long t0 = System.nanoTime();
        OvnDatabases ovn = daemons.ovnNb();
        ovn.nbctl("lr-add", "GR_" + NODE);
        int bridgePort = FreePorts.next();
        int httpPort = FreePorts.next();
        int frrPort = FreePorts.next();
        FrrBgpd frr = daemons.frr(FrrConfigs.FRR, frrPort, FrrConfigs.interop(BRIDGE, 64512, bridgePort, ""));
        StringBuilder yaml = new StringBuilder("""
                nodeName: %s
                localASN: 64512
                routerID: 192.0.2.10
                listen: {address: %s, port: %d}
                ovn: {northbound: "%s"}
                metrics: {address: 127.0.0.1, port: %d}
                kubernetes: {enabled: false}
                peers:
                  - {name: frr, address: %s, port: %d, asn: %d, sourceAddress: %s, connectRetryTime: 1s,
                     receive: {mode: all}}
                """.formatted(
                        NODE,
                        BRIDGE,
                        bridgePort,
                        ovn.nbRemote(),
                        httpPort,
                        FrrConfigs.FRR,
                        frrPort,
                        FrrConfigs.FRR_AS,
                        BRIDGE));
        List<String> kept = new ArrayList<>();
        List<String> reset = new ArrayList<>();
        for (int k = 0; k < keptLanes; k++) {
            kept.add("127.0.2." + (k + 1));
        }
        for (int k = 0; k < resetLanes; k++) {
            reset.add("127.0.3." + (k + 1));
        }
        for (String a : concat(kept, reset)) {
            yaml.append("""
                      - {name: %s, address: %s, asn: %d, passive: true, connectRetryTime: 1s, families: [ipv4-unicast],
                         receive: {mode: all}, maxPrefixes: {limit: 100000, action: warn}}
                    """.formatted(laneName(a), a, FaultGenerator.PEER_AS));
        }
        BridgeProcess bridge = BridgeProcess.start(daemons, yaml.toString(), httpPort);
        System.err.println("fuzz: bridge pid " + bridge.pid() + ", http port " + httpPort + ", log " + bridge.log());
        awaitUntil("FRR Established with the bridge", 120, () -> "Established".equals(frr.neighborState(BRIDGE)));
        awaitUntil("FRR's route in the bridge's RIB", 60, () -> frrRouteInRib(bridge));
        FrrWatch watch = new FrrWatch(frr, BRIDGE);
        Thread watcher = new Thread(watch, "frr-watch");
        watcher.setDaemon(true);
        watcher.start();

        FaultGenerator gen = new FaultGenerator(seed);
        InetSocketAddress target = new InetSocketAddress(BRIDGE, bridgePort);
        // warm-up: the first 2 %, at least 1,000 (half a reduced run), then the heap baseline, then the rest. The
        // bridge's working set (parser and HTTP buffers, the OVSDB client's) only reaches its size after a thousand
        // or so faults: a baseline taken after 200 read as growth what 100,000 faults then showed to be flat
        int warm = Math.min(faults / 2, Math.max(1000, faults / 50));
        Fuzz warmUp = new Fuzz(GeneratorQueues.of(gen, 0, warm), target, bridge);
        warmUp.runLanes(kept, reset, batch);
        awaitQuiet(bridge);
        long heapBase = bridge.heapAfterGcKib();
        Map<String, Long> histogramBase = bridge.classHistogram();
        System.err.printf("fuzz: warm-up of %d faults done; heap after full GC %,d KiB%n", warm, heapBase);
        Fuzz main = new Fuzz(GeneratorQueues.of(gen, warm, faults), target, bridge);
        long tMain = System.nanoTime();
        main.runLanes(kept, reset, batch);
        double mainSeconds = (System.nanoTime() - tMain) / 1e9;
        boolean alive = bridge.isAlive();
        if (alive) {
            awaitQuiet(bridge);
        }
        long heapEnd = alive ? bridge.heapAfterGcKib() : -1;
        List<String> grown = alive ? BridgeProcess.growth(histogramBase, bridge.classHistogram(), 8) : List.of();
        long peakRss = bridge.peakRssKib();
        watch.stop();
        watcher.join(30_000);

        // data: FRR's routes must still be in the RIB and in NB
        boolean frrInRib = alive && frrRouteInRib(bridge);
        boolean frrInNb = ovn.nbctl("lr-route-list", "GR_" + NODE).contains(FrrConfigs.FRR_V4);
        BridgeProcess.LogVerdict log = bridge.scanLog();
        long lost = (frrInRib ? 0 : 1) + (frrInNb ? 0 : 1) + watch.flaps() + (alive ? 0 : 1);
        long allowedHeap = Math.max((long) (heapBase * (1 + HEAP_TOLERANCE)), heapBase + 4096);
        boolean heapOk = heapEnd >= 0 && heapEnd <= allowedHeap;
        long tried = warmUp.tally.tried() + main.tally.tried();
        long survived = warmUp.tally.survived() + main.tally.survived();

        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "Run %s, seed %d: %,d faults from %d fuzz peers kept on their sessions (batches of %d) and %d"
                        + " closing theirs, %,d fuzz sessions opened; %.0f s for the %,d after the warm-up.%n%n",
                Instant.now(),
                seed,
                faults,
                keptLanes,
                batch,
                resetLanes,
                warmUp.sessionsOpened.get() + main.sessionsOpened.get(),
                mainSeconds,
                faults - warm));
        out.append(String.format(
                Locale.ROOT,
                "- faults tried: %,d; faults survived (reaction as RFC 4271/7606 require, bridge up): %,d; wrong: %,d%n",
                tried,
                survived,
                tried - survived));
        out.append(String.format(
                Locale.ROOT,
                "- data lost: %d (FRR session flaps seen: %d, FRR established transitions %d -> %d, dropped %d -> %d;"
                        + " FRR's %s in the RIB: %s, in NB: %s; bridge alive: %s)%n",
                lost,
                watch.flaps(),
                watch.establishedAtStart(),
                watch.establishedAtEnd(),
                watch.droppedAtStart(),
                watch.droppedAtEnd(),
                FrrConfigs.FRR_V4,
                frrInRib,
                frrInNb,
                alive));
        out.append(String.format(
                Locale.ROOT,
                "- heap after full GC: %,d KiB after the warm-up, %,d KiB at the end (allowed %,d): %s; peak RSS %,d"
                        + " KiB%n",
                heapBase,
                heapEnd,
                allowedHeap,
                heapOk ? "back at baseline" : "GREW",
                peakRss));
        if (!grown.isEmpty()) {
            out.append("  - grown most since the warm-up: ")
                    .append(String.join(", ", grown))
                    .append('\n');
        }
        out.append(String.format(
                Locale.ROOT,
                "- bridge log: %,d lines, %d ERROR, %d ERROR with a stack trace of ours, %d stack traces of ours at"
                        + " any level%n",
                log.lines(),
                log.errors(),
                log.errorsWithOurTrace(),
                log.ourTraces()));
        log.samples().forEach(s -> out.append("  - `").append(s).append("`\n"));
        out.append('\n').append(Tally.table(warmUp.tally, main.tally));
        List<String> wrong = new ArrayList<>(warmUp.tally.wrong());
        wrong.addAll(main.tally.wrong());
        if (!wrong.isEmpty()) {
            out.append("\nFirst wrong reactions:\n\n");
            wrong.forEach(w -> out.append("- ").append(w).append('\n'));
        }
        out.append(String.format(Locale.ROOT, "%nTotal time %.0f s.%n", (System.nanoTime() - t0) / 1e9));
        System.out.print(out);
        boolean ok = tried == survived && lost == 0 && heapOk && log.errorsWithOurTrace() == 0;
        return ok ? 0 : 1;
    }

    private static <T> List<T> concat(List<T> a, List<T> b) {
        List<T> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    private static String laneName(String address) {
        return "fuzz-" + address.replace('.', '-');
    }

    private static boolean frrRouteInRib(BridgeProcess bridge) {
        try {
            for (JsonNode e : bridge.json("/routes?limit=100000").path("learned")) {
                if (FrrConfigs.FRR_V4.equals(e.path("prefix").asText())) {
                    for (JsonNode p : e.path("paths")) {
                        if ("frr".equals(p.path("peer").asText())) {
                            return true;
                        }
                    }
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Waits (up to 2 minutes) until the fuzz peers' routes are gone from the RIB and from NB, so that the heap is
     * compared at rest, with only FRR's two prefixes and their two rows left.
     */
    private static void awaitQuiet(BridgeProcess bridge) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        while (System.nanoTime() < end) {
            try {
                JsonNode status = bridge.json("/status");
                long learned =
                        bridge.json("/routes?limit=0").path("learnedTotal").asLong(-1);
                if (learned == 2 && status.path("routes").path("rowsOwned").asLong(-1) == 2) {
                    return;
                }
            } catch (IOException e) {
                // busy: ask again
            }
            Thread.sleep(200);
        }
        System.err.println("fuzz: the bridge did not settle (fuzz routes still in the RIB or NB) within 2 minutes");
    }

    static void awaitUntil(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException(what + ": not within " + seconds + " s");
            }
            Thread.sleep(100);
        }
    }

    // ---------------------------------------------------------------- lanes

    private void runLanes(List<String> kept, List<String> reset, int batch) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        AtomicInteger lane = new AtomicInteger();
        for (String a : kept) {
            int n = lane.getAndIncrement();
            threads.add(new Thread(() -> keptLane(a, n, batch), "kept-" + a));
        }
        for (String a : reset) {
            threads.add(new Thread(() -> resetLane(a), "reset-" + a));
        }
        threads.forEach(Thread::start);
        long last = System.nanoTime();
        for (Thread t : threads) {
            while (t.isAlive()) {
                t.join(5_000);
                if (System.nanoTime() - last > Duration.ofSeconds(15).toNanos()) {
                    last = System.nanoTime();
                    System.err.printf(
                            "fuzz: %,d tried, %,d survived, %,d kept and %,d closing left%n",
                            tally.tried(), tally.survived(), queues.kept.size(), queues.reset.size());
                }
            }
        }
    }

    /** A peer whose faults keep the session: batches, each checked in the RIB behind a valid sentinel UPDATE. */
    private void keptLane(String address, int laneNo, int batch) {
        String name = laneName(address);
        RawPeer peer = null;
        int batchNo = 0;
        SplittableRandom r = new SplittableRandom(laneNo);
        try {
            while (true) {
                List<Fault> faults = new ArrayList<>();
                Integer i;
                while (faults.size() < batch && (i = queues.kept.poll()) != null) {
                    faults.add(queues.gen.fault(i));
                }
                if (faults.isEmpty()) {
                    break;
                }
                if (peer == null) {
                    peer = establish(address);
                }
                int sentinel = (31 << 24) | (laneNo << 16) | ((batchNo++ & 0xff) << 8);
                List<byte[]> out = new ArrayList<>();
                out.add(Wire.keepalive());
                faults.forEach(f -> out.add(f.bytes()));
                out.add(Wire.update(new byte[0], FaultGenerator.base(r), Wire.prefix(sentinel, 24)));
                peer.send(Wire.concat(out.toArray(new byte[0][])));
                String sentinelText = (sentinel >>> 24) + "." + ((sentinel >>> 16) & 0xff) + "."
                        + ((sentinel >>> 8) & 0xff) + ".0/24";
                Map<String, JsonNode> mine = awaitSentinel(peer, name, sentinelText);
                if (mine == null) {
                    for (Fault f : faults) {
                        tally.record(
                                f.kind(),
                                false,
                                "the session did not survive its batch (see the NOTIFICATION" + " above); victim "
                                        + Fault.victimText(f.victim()));
                    }
                    peer.close();
                    peer = null;
                    continue;
                }
                for (Fault f : faults) {
                    Expect.Route want = (Expect.Route) f.expect();
                    JsonNode path = mine.get(Fault.victimText(f.victim()));
                    boolean present = path != null;
                    boolean ok = present == want.present()
                            && (want.med() < 0 || (present && path.path("med").asLong(-1) == want.med()));
                    tally.record(
                            f.kind(),
                            ok,
                            "victim " + Fault.victimText(f.victim()) + " expected "
                                    + (want.present() ? "present" : "absent")
                                    + (want.med() >= 0 ? " with MED " + want.med() : "") + ", found "
                                    + (present ? path.toString() : "absent"));
                }
                // withdraw the batch: the RIB stays small and the next batch's check sees only its own
                Wire.Bytes w = new Wire.Bytes();
                faults.forEach(f -> w.raw(Wire.prefix(Fault.victimAddress(f.victim()), 24)));
                w.raw(Wire.prefix(sentinel, 24));
                peer.send(Wire.update(w.toArray(), new byte[0], new byte[0]));
            }
            if (peer != null) {
                peer.send(Wire.notification(6, 2));
                peer.shutdownOutput();
                peer.readUntilNotificationOrEnd(5_000);
            }
        } catch (IOException | InterruptedException e) {
            System.err.println("fuzz: kept lane " + address + " stopped: " + e);
        } finally {
            if (peer != null) {
                peer.close();
            }
        }
    }

    /**
     * Polls /routes until the sentinel from this peer is there; returns this peer's paths by prefix, or null when
     * the session broke (a NOTIFICATION or a close) or the sentinel never came.
     */
    private Map<String, JsonNode> awaitSentinel(RawPeer peer, String name, String sentinel)
            throws IOException, InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < end) {
            Object got = peer.read(1);
            if (got instanceof Frame f && f.isNotification() || got == End.CLOSED) {
                System.err.println("fuzz: " + name + " session broke during a batch: " + got);
                return null;
            }
            JsonNode routes = bridge.json("/routes?limit=100000");
            Map<String, JsonNode> mine = new HashMap<>();
            for (JsonNode e : routes.path("learned")) {
                for (JsonNode p : e.path("paths")) {
                    if (name.equals(p.path("peer").asText())) {
                        mine.put(e.path("prefix").asText(), p);
                    }
                }
            }
            if (mine.containsKey(sentinel)) {
                return mine;
            }
            Thread.sleep(100);
        }
        System.err.println("fuzz: " + name + ": sentinel " + sentinel + " not in the RIB within 120 s");
        return null;
    }

    /** A peer whose faults close the session: one fault per connection. */
    private void resetLane(String address) {
        Integer i;
        while ((i = queues.reset.poll()) != null) {
            Fault f = queues.gen.fault(i);
            try {
                oneReset(address, f);
            } catch (IOException | InterruptedException e) {
                tally.record(f.kind(), false, "fuzz peer " + address + " failed: " + e);
            }
        }
    }

    private void oneReset(String address, Fault f) throws IOException, InterruptedException {
        try (RawPeer peer = f.phase() == Fault.Phase.OPENING ? open(address) : establish(address)) {
            if (f.expect() instanceof Expect.Established) {
                peer.send(Wire.concat(f.bytes(), Wire.keepalive()));
                Object got = peer.read(READ_TIMEOUT_MS);
                boolean ok = got instanceof Frame fr && fr.type() == Wire.KEEPALIVE;
                tally.record(f.kind(), ok, "expected the session to come up (a KEEPALIVE), got " + got);
                peer.send(Wire.notification(6, 2));
                peer.shutdownOutput();
                peer.readUntilNotificationOrEnd(5_000);
                return;
            }
            peer.send(f.bytes());
            if (f.expect() instanceof Expect.Closed c && !c.silent()) {
                peer.shutdownOutput();
            }
            Object got = peer.readUntilNotificationOrEnd(READ_TIMEOUT_MS);
            boolean ok;
            if (f.expect() instanceof Expect.Notify n) {
                ok = got instanceof Frame fr
                        && fr.isNotification()
                        && fr.code() == n.code()
                        && (n.subcode() < 0 || fr.subcode() == n.subcode());
            } else {
                Expect.Closed c = (Expect.Closed) f.expect();
                ok = got == End.CLOSED || (!c.silent() && got instanceof Frame);
            }
            if (ok && got instanceof Frame) {
                // after its NOTIFICATION the bridge must close the connection (RFC 4271 §6)
                Object after = peer.readUntilNotificationOrEnd(READ_TIMEOUT_MS);
                ok = after == End.CLOSED;
                got = got + ", then " + after;
            }
            tally.record(f.kind(), ok, "expected " + f.expect() + ", got " + got);
        }
    }

    /** Connects until the bridge answers with its OPEN (it refuses connections in its Idle hold). */
    private RawPeer open(String address) throws IOException, InterruptedException {
        long end = System.nanoTime() + CONNECT_PATIENCE_NANOS;
        long wait = 1000;
        while (true) {
            RawPeer p = RawPeer.connect(address, bridgeAddress);
            Object got = p.read(READ_TIMEOUT_MS);
            if (got instanceof Frame f && f.type() == Wire.OPEN) {
                sessionsOpened.incrementAndGet();
                return p;
            }
            p.close();
            if (System.nanoTime() > end) {
                throw new IOException(
                        "the bridge refused " + address + " for " + CONNECT_PATIENCE_NANOS / 1e9 + " s: " + got);
            }
            Thread.sleep(wait);
            wait = Math.min(wait * 2, 4000);
        }
    }

    /** An Established session from {@code address}. */
    private RawPeer establish(String address) throws IOException, InterruptedException {
        long end = System.nanoTime() + CONNECT_PATIENCE_NANOS;
        while (true) {
            RawPeer p = open(address);
            p.send(Wire.concat(
                    Wire.goodOpen(FaultGenerator.PEER_AS, 0x0A000000 | address.hashCode() & 0xFFFF, 90),
                    Wire.keepalive()));
            Object got = p.read(READ_TIMEOUT_MS);
            if (got instanceof Frame f && f.type() == Wire.KEEPALIVE) {
                return p;
            }
            p.close();
            if (System.nanoTime() > end) {
                throw new IOException("no session from " + address + ": " + got);
            }
            Thread.sleep(1000);
        }
    }

    /** The faults to run, split by whether they keep their session. */
    private record GeneratorQueues(
            FaultGenerator gen, ConcurrentLinkedQueue<Integer> kept, ConcurrentLinkedQueue<Integer> reset) {
        static GeneratorQueues of(FaultGenerator gen, int from, int to) {
            ConcurrentLinkedQueue<Integer> k = new ConcurrentLinkedQueue<>();
            ConcurrentLinkedQueue<Integer> r = new ConcurrentLinkedQueue<>();
            for (int i = from; i < to; i++) {
                (gen.keepsSession(i) ? k : r).add(i);
            }
            return new GeneratorQueues(gen, k, r);
        }
    }
}
