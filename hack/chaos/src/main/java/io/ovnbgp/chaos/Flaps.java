package io.ovnbgp.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.FreePorts;
import io.ovnbgp.e2e.harness.FrrBgpd;
import io.ovnbgp.e2e.harness.FrrConfigs;
import io.ovnbgp.e2e.harness.OvnDatabases;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * hack/chaos/flaps: one peer carrying {@code --routes} routes (default 10,000) has its session torn down and
 * re-established {@code --flaps} times (default 1,000), a quarter each way ({@link FlapMode}: TCP close or Cease
 * 6/4 first, with or without Graceful Restart), in a seeded random order, against the bridge as a process, a real
 * NB ovsdb-server and a real FRR peer kept Established beside it. Each session sends a slightly different table
 * ({@link FlapTable}) and End-of-RIB.
 *
 * <p>After each teardown the bridge must react as RFC 4724 says (the paths kept as stale after a graceful-restart
 * peer's plain close, removed otherwise) and let the peer back in. Every {@code --check-every} flaps the peer waits
 * for convergence ({@link Convergence}: RIB = what it sent, NB = the Loc-RIB) before tearing down; the other flaps
 * go as fast as the Idle hold allows, after a random dwell, so that the NB writer sees changes pile up. Throughout,
 * {@link NbSampler} reads NB every 200 ms and counts duplicate rows. At the end: a last session, convergence, the
 * heap after a full GC against its value at the first check after the warm-up, FRR's session and routes intact.
 */
public final class Flaps {
    static final String NODE = "node1";
    private static final String BRIDGE = "127.0.0.1";
    private static final String PEER = "127.0.5.1";
    private static final String PEER_NAME = "flapper";
    private static final long PEER_AS = 65010;
    private static final Duration CONVERGE = Duration.ofMinutes(3);

    private Flaps() {}

    /** The run's parameters. */
    record Options(int flaps, int routes, int checkEvery, long seed, int dwellMs) {
        static Options parse(String[] args) {
            int flaps = 1000;
            int routes = 10_000;
            int checkEvery = 20;
            long seed = 14;
            int dwellMs = 300;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--flaps" -> flaps = Integer.parseInt(args[++i]);
                    case "--routes" -> routes = Integer.parseInt(args[++i]);
                    case "--check-every" -> checkEvery = Integer.parseInt(args[++i]);
                    case "--seed" -> seed = Long.parseLong(args[++i]);
                    case "--dwell-ms" -> dwellMs = Integer.parseInt(args[++i]);
                    default ->
                        throw new IllegalArgumentException("unknown argument " + args[i]
                                + " (known: --flaps N --routes N --check-every N --seed S --dwell-ms N)");
                }
            }
            if (flaps < 4 || checkEvery < 1 || routes < 1 || routes > 65_536) {
                throw new IllegalArgumentException("need --flaps >= 4, --check-every >= 1, 1 <= --routes <= 65536");
            }
            return new Options(flaps, routes, Math.min(checkEvery, flaps), seed, dwellMs);
        }

        boolean isCheck(int flap) {
            return flap % checkEvery == checkEvery - 1;
        }

        /** The check flap after which the heap baseline is taken: the first at or after 5 % of the flaps. */
        int baselineFlap() {
            int warm = Math.max(checkEvery, flaps / 20);
            int k = ((warm + checkEvery - 1) / checkEvery) * checkEvery - 1;
            return Math.min(k, flaps - 1);
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args);
        int status;
        try (Daemons daemons = Daemons.create()) {
            Thread hook = new Thread(daemons::close, "chaos-daemons-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            status = new FlapRun(o, daemons).run();
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        System.out.flush();
        System.exit(status);
    }

    /** The flaps' modes: a quarter each (the remainder from the first), in a random order of the seed. */
    static List<FlapMode> modes(int flaps, long seed) {
        List<FlapMode> modes = new ArrayList<>(flaps);
        for (int i = 0; i < flaps; i++) {
            modes.add(FlapMode.values()[i % FlapMode.values().length]);
        }
        Collections.shuffle(modes, new Random(seed));
        return modes;
    }

    static String config(OvnDatabases ovn, int bridgePort, int httpPort, int frrPort, int maxRoutes) {
        return """
                nodeName: %s
                localASN: 64512
                routerID: 192.0.2.10
                listen: {address: %s, port: %d}
                ovn: {northbound: "%s", maxRoutes: %d}
                metrics: {address: 127.0.0.1, port: %d}
                kubernetes: {enabled: false}
                peers:
                  - {name: frr, address: %s, port: %d, asn: %d, sourceAddress: %s, connectRetryTime: 1s,
                     receive: {mode: all}}
                  - {name: %s, address: %s, asn: %d, passive: true, connectRetryTime: 1s, families: [ipv4-unicast],
                     receive: {mode: all}, maxPrefixes: {limit: 100000, action: warn}}
                """.formatted(
                        NODE,
                        BRIDGE,
                        bridgePort,
                        ovn.nbRemote(),
                        maxRoutes,
                        httpPort,
                        FrrConfigs.FRR,
                        frrPort,
                        FrrConfigs.FRR_AS,
                        BRIDGE,
                        PEER_NAME,
                        PEER,
                        PEER_AS);
    }

    /** One run: the daemons, the flaps, the checks, the report. */
    static final class FlapRun {
        private final Options o;
        private final Daemons daemons;
        private final Tally tally = new Tally();
        private final FlapReport report;
        private BridgeProcess bridge;
        private NbSampler nb;
        private FlappingPeer peer;

        FlapRun(Options o, Daemons daemons) {
            this.o = o;
            this.daemons = daemons;
            this.report = new FlapReport(o);
        }

        int run() throws Exception {
            long t0 = System.nanoTime();
            OvnDatabases ovn = daemons.ovnNb();
            ovn.nbctl("lr-add", "GR_" + NODE);
            int bridgePort = FreePorts.next();
            int httpPort = FreePorts.next();
            int frrPort = FreePorts.next();
            FrrBgpd frr = daemons.frr(FrrConfigs.FRR, frrPort, FrrConfigs.interop(BRIDGE, 64512, bridgePort, ""));
            bridge = BridgeProcess.start(
                    daemons, config(ovn, bridgePort, httpPort, frrPort, o.routes() + 1000), httpPort);
            System.err.println(
                    "flaps: bridge pid " + bridge.pid() + ", http port " + httpPort + ", log " + bridge.log());
            Fuzz.awaitUntil(
                    "FRR Established with the bridge", 120, () -> "Established".equals(frr.neighborState(BRIDGE)));
            Fuzz.awaitUntil(
                    "FRR's route in NB",
                    60,
                    () -> ovn.nbctl("lr-route-list", "GR_" + NODE).contains(FrrConfigs.FRR_V4));
            FrrWatch watch = new FrrWatch(frr, BRIDGE);
            Thread watcher = daemon(watch, "frr-watch");
            nb = new NbSampler(ovn.nbRemote(), NODE, 200);
            Thread sampler = daemon(nb, "nb-sampler");
            peer = new FlappingPeer(
                    PEER, new InetSocketAddress(BRIDGE, bridgePort), PEER_AS, 0x0A000501, Duration.ofSeconds(180));

            long tFlaps = System.nanoTime();
            flapAll();
            report.flapSeconds((System.nanoTime() - tFlaps) / 1e9);
            finalSession();
            report.peakRssKib(bridge.peakRssKib());
            nb.stop();
            sampler.join(30_000);
            watch.stop();
            watcher.join(30_000);
            report.frr(watch, bridge.isAlive() && frrInNb(ovn));
            report.sampler(nb);
            report.log(bridge.scanLog());
            report.totalSeconds((System.nanoTime() - t0) / 1e9);
            nb.close();
            System.out.print(report.markdown(tally));
            return report.ok(tally) ? 0 : 1;
        }

        private static Thread daemon(Runnable r, String name) {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            t.start();
            return t;
        }

        private static boolean frrInNb(OvnDatabases ovn) {
            return ovn.nbctl("lr-route-list", "GR_" + NODE).contains(FrrConfigs.FRR_V4);
        }

        private void flapAll() throws InterruptedException {
            List<FlapMode> modes = modes(o.flaps(), o.seed());
            SplittableRandom dwell = new SplittableRandom(o.seed());
            for (int k = 0; k < o.flaps() && bridge.isAlive(); k++) {
                FlapMode mode = modes.get(k);
                long t = System.nanoTime();
                try {
                    flap(k, mode, o.dwellMs() > 0 ? dwell.nextInt(o.dwellMs()) : 0);
                } catch (IOException e) {
                    tally.record(mode.label, false, "flap " + k + ": " + e.getMessage());
                }
                report.flapMillis((System.nanoTime() - t) / 1_000_000);
                if (k % 50 == 49) {
                    System.err.printf("flaps: %d of %d flaps, %d survived%n", k + 1, o.flaps(), tally.survived());
                }
            }
        }

        /** One session: up in the mode, the table sent, held (or converged, on a check), torn down and checked. */
        private void flap(int k, FlapMode mode, int dwellMs) throws IOException, InterruptedException {
            RawPeer session = peer.establish(mode);
            FlapTable table = FlapTable.of(o.routes(), o.seed(), k, PEER_AS);
            session.send(table.bytes());
            if (o.isCheck(k)) {
                Convergence.Result c = Convergence.await(bridge, nb, table.routes(), PEER_NAME, CONVERGE);
                System.err.println("flaps: check at flap " + (k + 1) + ": " + c);
                report.check(c);
                if (k == o.baselineFlap() && c.converged()) {
                    report.heapBase(bridge.heapAfterGcKib(), bridge.classHistogram());
                }
            } else {
                Thread.sleep(dwellMs);
            }
            Object answer = peer.tearDown(session, mode);
            String reaction = awaitDown(mode, table.routes().size());
            boolean ok = answer == null && reaction == null;
            tally.record(mode.label, ok, "flap " + (k + 1) + ": " + (answer != null ? answer : reaction));
        }

        /**
         * Waits (up to 30 s) for the bridge to see the session down and hold what RFC 4724 §4.2 says: all {@code
         * sent} paths, stale, after a graceful-restart peer's plain close; none otherwise. Null when it does.
         */
        private String awaitDown(FlapMode mode, int sent) throws InterruptedException {
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            String last = "";
            while (System.nanoTime() < end) {
                try {
                    JsonNode p = LocRib.peerStatus(bridge, PEER_NAME);
                    long accepted = p.path("prefixes").path("accepted").asLong(-1);
                    long stale = p.path("prefixes").path("stale").asLong(-1);
                    String state = p.path("state").asText();
                    boolean held = mode.keepsStale() ? accepted == sent && stale == sent : accepted == 0 && stale == 0;
                    if (!"Established".equals(state) && held) {
                        return null;
                    }
                    last = state + ", " + accepted + " accepted, " + stale + " stale";
                } catch (IOException e) {
                    last = e.getMessage();
                }
                Thread.sleep(50);
            }
            return "after the teardown the bridge holds " + last + "; expected "
                    + (mode.keepsStale() ? sent + " accepted, all stale" : "none");
        }

        /** The last session: up (no GR), its table, convergence, then the heap at the end. */
        private void finalSession() throws InterruptedException {
            if (!bridge.isAlive()) {
                report.end(null, -1, Map.of());
                return;
            }
            try {
                RawPeer session = peer.establish(FlapMode.CLOSE);
                FlapTable table = FlapTable.of(o.routes(), o.seed(), o.flaps(), PEER_AS);
                session.send(table.bytes());
                Convergence.Result c = Convergence.await(bridge, nb, table.routes(), PEER_NAME, CONVERGE);
                System.err.println("flaps: final session: " + c);
                boolean alive = bridge.isAlive();
                report.end(c, alive ? bridge.heapAfterGcKib() : -1, alive ? bridge.classHistogram() : Map.of());
                session.send(Wire.notification(6, 2));
                session.close();
            } catch (IOException e) {
                System.err.println("flaps: the final session failed: " + e.getMessage());
                report.end(null, -1, Map.of());
            }
        }
    }
}
