package io.ovnbgp.chaos;

import io.ovnbgp.chaos.NbMatchesLocRib.Look;
import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.FreePorts;
import io.ovnbgp.e2e.harness.OvnDatabases;
import io.ovnbgp.e2e.harness.OvnNbCluster;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * hack/chaos/nb-faults: NB faults while the bridge writes. The bridge runs as the DaemonSet runs it
 * ({@link BridgeProcess}); one peer ({@link RouteChurn}) announces {@code --routes} prefixes and keeps changing
 * them (every other fault lands in a bulk move of every route to another next hop, the rest in rolling
 * withdrawals, re-announcements and next-hop changes). Two setups, {@code --faults} faults of each kind:
 *
 * <ol>
 *   <li>a standalone NB ovsdb-server killed (-9) at a random moment and restarted on its database file;
 *   <li>a 3-member RAFT NB ({@link ClusterFaults}): the leader killed, the bridge's TCP link black-holed, the
 *       bridge's member and a follower frozen.
 * </ol>
 *
 * <p>After each fault the peer pauses and NB must come back, within a bound, to exactly the Loc-RIB, which must be
 * exactly what the peer said: nothing lost, nothing extra, no duplicate row, the BGP session never dropped, the
 * foreign row untouched. The time to converge is printed per kind (median, max). Prints Markdown; exits 1 when
 * anything is lost.
 */
public final class NbFaults {
    static final String NODE = "node1";
    private static final String BRIDGE = "127.0.0.1";
    private static final String PEER = "127.0.4.2";
    private static final long PEER_AS = 65001;
    private static final String FOREIGN_PREFIX = "192.0.2.0/24";
    private static final String FOREIGN_NEXT_HOP = "198.51.100.1";
    private static final Duration CONVERGE = Duration.ofSeconds(120);

    private final int faults;
    /** RAFT's election timer: ovsdb-server's default 1 s unless raised (as deployments at scale do). */
    private final int electionTimerMillis;

    private final int routes;
    private final Random random;
    /** Per kind: seconds to converge after the faults that landed in a bulk move [0], in rolling changes [1]. */
    private final Map<String, List<List<Double>>> seconds = new TreeMap<>();

    private final Map<String, String> measuredFrom = new TreeMap<>();
    /** Per kind: tried, converged exactly (the Tally has the same sums, this keeps the table in our order). */
    private final Map<String, int[]> counts = new LinkedHashMap<>();

    private final Tally tally = new Tally();
    private final List<String> notes = new ArrayList<>();
    private int foreignLost;

    private NbFaults(int faults, int routes, long seed, int electionTimerMillis) {
        this.electionTimerMillis = electionTimerMillis;
        this.faults = faults;
        this.routes = routes;
        this.random = new Random(seed);
    }

    public static void main(String[] args) throws Exception {
        int faults = 20;
        int routes = 10_000;
        long seed = 14;
        String only = "all";
        int electionTimer = 1_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--faults" -> faults = Integer.parseInt(args[++i]);
                case "--routes" -> routes = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--only" -> only = args[++i];
                case "--election-timer-ms" -> electionTimer = Integer.parseInt(args[++i]);
                default ->
                    throw new IllegalArgumentException("unknown argument " + args[i]
                            + " (known: --faults N per kind, --routes N, --seed N, --only standalone|raft,"
                            + " --election-timer-ms N)");
            }
        }
        NbFaults run = new NbFaults(faults, routes, seed, electionTimer);
        Instant start = Instant.now();
        if (!only.equals("raft")) {
            run.inDaemons(run::standalone);
        }
        if (!only.equals("standalone")) {
            run.inDaemons(run::raft);
        }
        System.out.print(run.report(start));
        System.out.flush();
        System.exit(run.lost() == 0 ? 0 : 1);
    }

    private interface Setup {
        void run(Daemons daemons) throws Exception;
    }

    private void inDaemons(Setup setup) throws Exception {
        try (Daemons daemons = Daemons.create()) {
            Thread hook = new Thread(daemons::close, "chaos-daemons-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            setup.run(daemons);
            Runtime.getRuntime().removeShutdownHook(hook);
        }
    }

    private void standalone(Daemons daemons) throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        prepare(ovn::nbctl);
        NbFault kill = new NbFault() {
            @Override
            public String kind() {
                return "standalone: ovsdb-server killed (-9), restarted";
            }

            @Override
            public String measuredFrom() {
                return "the restart (ovsdb-server answering)";
            }

            @Override
            public String inject() {
                ovn.killNorthbound();
                return "killed ovsdb-server";
            }

            @Override
            public long recover(long injectedAt) {
                ovn.startNorthbound();
                return System.nanoTime();
            }

            @Override
            public void restore() {
                // nothing left down
            }
        };
        drive(daemons, new Target("standalone", ovn.nbRemote(), ovn::nbctl, b -> {}), List.of(kill));
    }

    private void raft(Daemons daemons) throws Exception {
        OvnNbCluster cluster = daemons.ovnNbCluster(3);
        if (electionTimerMillis != 1_000) {
            cluster.electionTimer(electionTimerMillis);
        }
        notes.add("RAFT: election timer " + electionTimerMillis + " ms");
        try (ClusterFaults cf = new ClusterFaults(cluster, random)) {
            prepare(cf::nbctl);
            List<NbFault> kinds = List.of(cf.leaderKill(), cf.linkBlackHole(), cf.freeze(true), cf.freeze(false));
            drive(daemons, new Target("RAFT", cf.remotes(), cf::nbctl, cf::bridge), kinds);
        }
    }

    private interface Nbctl {
        String run(String... args);
    }

    private static void prepare(Nbctl nbctl) {
        nbctl.run("lr-add", "GR_" + NODE);
        nbctl.run("lr-route-add", "GR_" + NODE, FOREIGN_PREFIX, FOREIGN_NEXT_HOP);
    }

    private interface BridgeSink {
        void accept(BridgeProcess b);
    }

    /** One setup: its name, the bridge's ovn.northbound, ovn-nbctl against it, who wants to know the bridge. */
    private record Target(String setup, String remotes, Nbctl nbctl, BridgeSink sink) {}

    /** Starts the bridge and the peer, then the faults, round robin over {@code kinds}. */
    private void drive(Daemons daemons, Target t, List<NbFault> kinds) throws Exception {
        String setup = t.setup();
        int bridgePort = FreePorts.next();
        int httpPort = FreePorts.next();
        BridgeProcess bridge = BridgeProcess.start(daemons, config(t.remotes(), bridgePort, httpPort), httpPort);
        t.sink().accept(bridge);
        NbMatchesLocRib conv = new NbMatchesLocRib(bridge, () -> t.nbctl().run(NbMatchesLocRib.findOurRows(NODE)));
        long t0 = System.nanoTime();
        try (RouteChurn churn = RouteChurn.start(
                PEER, new InetSocketAddress(BRIDGE, bridgePort), PEER_AS, routes, 40, 50, random.nextLong())) {
            Look[] last = new Look[1];
            double initial = conv.await(churn.model(), t0, CONVERGE, last);
            if (initial < 0) {
                throw new IllegalStateException(setup + ": the first sync did not converge: " + last[0]);
            }
            notes.add(String.format(
                    Locale.ROOT, "%s: the first sync of %,d routes, no fault: %.1f s", setup, routes, initial));
            for (int k = 0; k < faults * kinds.size(); k++) {
                NbFault f = kinds.get(k % kinds.size());
                try {
                    if (!oneFault(k, kinds.size(), f, bridge, churn, conv)) {
                        break;
                    }
                } catch (RuntimeException e) {
                    // the harness could not inject or undo the fault (a member that does not come back): counted as
                    // not survived, and this setup ends, as what follows would not be the same fault any more
                    tally.record(f.kind(), false, "fault " + k + " broke the setup: " + e);
                    counts.computeIfAbsent(f.kind(), x -> new int[2])[0]++;
                    break;
                }
            }
            notes.add(setup + ": " + bridgeSide(bridge) + "; peer changes sent: " + churn.changes());
        }
        afterSetup(setup, bridge, t.nbctl());
        bridge.close();
    }

    /** The foreign row, why the NB connection moved, the bridge's log. */
    private void afterSetup(String setup, BridgeProcess bridge, Nbctl nbctl) throws IOException {
        String foreign = nbctl.run(
                "--format=csv",
                "--no-headings",
                "--columns=nexthop",
                "find",
                "Logical_Router_Static_Route",
                "ip_prefix=\"" + FOREIGN_PREFIX + "\"");
        boolean foreignKept = foreign.strip().replace("\"", "").equals(FOREIGN_NEXT_HOP);
        if (!foreignKept) {
            foreignLost++;
        }
        notes.add(setup + ": the foreign row (" + FOREIGN_PREFIX + " via " + FOREIGN_NEXT_HOP + ") "
                + (foreignKept ? "untouched" : "CHANGED: now " + foreign.strip()));
        notes.add(setup + ": " + nbLinkEvents(bridge));
        BridgeProcess.LogVerdict log = bridge.scanLog();
        notes.add(String.format(
                Locale.ROOT,
                "%s: the bridge's log: %,d lines, %d ERROR, %d stack traces through our code%s",
                setup,
                log.lines(),
                log.errors(),
                log.ourTraces(),
                log.samples().isEmpty() ? "" : " (first: " + log.samples().get(0) + ")"));
    }

    /** One fault; false when the setup cannot go on (the bridge or the session gone). */
    private boolean oneFault(int k, int kinds, NbFault f, BridgeProcess bridge, RouteChurn churn, NbMatchesLocRib conv)
            throws Exception {
        churn.resume();
        // every other round of kinds lands in a bulk sync of every route, so that each kind gets both
        boolean bulk = (k / kinds) % 2 == 0;
        if (bulk) {
            churn.moveAll();
        }
        Thread.sleep(200 + random.nextInt(1300));
        long t = System.nanoTime();
        String hit = f.inject();
        Thread.sleep(500 + random.nextInt(2500)); // the peer goes on changing routes meanwhile
        churn.pause();
        Map<String, String> model = churn.model();
        long from = f.recover(t);
        Look[] last = new Look[1];
        double s = conv.await(model, from, CONVERGE, last);
        String detail = hit + "; " + (s < 0 ? "not converged within " + CONVERGE + ": " + last[0] : "");
        f.restore();
        double after = conv.await(model, System.nanoTime(), CONVERGE, last);
        if (after < 0) {
            detail += "; not exact after the restore: " + last[0];
        }
        Object session = churn.sessionEnd();
        boolean alive = bridge.isAlive();
        boolean ok = s >= 0 && after >= 0 && session == null && alive;
        if (session != null) {
            detail += "; BGP session ended: " + session;
        }
        if (!alive) {
            detail += "; the bridge died\n" + bridge.process().logs();
        }
        tally.record(f.kind(), ok, detail);
        int[] c = counts.computeIfAbsent(f.kind(), x -> new int[2]);
        c[0]++;
        c[1] += ok ? 1 : 0;
        measuredFrom.put(f.kind(), f.measuredFrom());
        if (s >= 0) {
            seconds.computeIfAbsent(f.kind(), x -> List.of(new ArrayList<>(), new ArrayList<>()))
                    .get(bulk ? 0 : 1)
                    .add(s);
        }
        System.err.printf(
                Locale.ROOT,
                "nb-faults: %d %s (%s): %s%s%n",
                k,
                f.kind(),
                bulk ? "in a bulk move" : "in rolling changes",
                s < 0 ? "NOT CONVERGED" : String.format(Locale.ROOT, "converged in %.2f s", s),
                ok ? "" : " -- " + detail);
        return alive && session == null;
    }

    /** The bridge's log lines that say why its NB connection moved: the leader changed, the probe fired. */
    private static String nbLinkEvents(BridgeProcess bridge) throws IOException {
        long lost = 0;
        long notLeader = 0;
        long probe = 0;
        for (String line : Files.readAllLines(bridge.log(), StandardCharsets.UTF_8)) {
            if (line.contains("OVN Northbound: lost ")) {
                lost++;
                notLeader += line.contains("is no longer the cluster leader") ? 1 : 0;
                probe += line.contains("inactivity probe") ? 1 : 0;
            }
        }
        return String.format(
                Locale.ROOT,
                "the bridge lost its NB connection %d times (%d: its member was no longer the leader; %d: its"
                        + " inactivity probe had no answer)",
                lost,
                notLeader,
                probe);
    }

    /** What the bridge's NB client says about its reconnects. */
    private static String bridgeSide(BridgeProcess bridge) {
        try {
            var nb = bridge.json("/status").path("northbound");
            var mon = nb.path("monitor");
            return "bridge NB monitor: " + mon.path("fullDumps").asLong() + " full dumps, "
                    + mon.path("resumes").asLong() + " resumes ("
                    + mon.path("method").asText() + ")";
        } catch (Exception e) {
            return "bridge /status unreadable: " + e.getMessage();
        }
    }

    private static String config(String remotes, int bridgePort, int httpPort) {
        return """
                nodeName: %s
                localASN: 64512
                routerID: 192.0.2.10
                listen: {address: %s, port: %d}
                ovn: {northbound: "%s", maxRoutes: 100000}
                metrics: {address: 127.0.0.1, port: %d}
                kubernetes: {enabled: false}
                peers:
                  - {name: churn, address: %s, asn: %d, passive: true, families: [ipv4-unicast],
                     receive: {mode: all}, maxPrefixes: {limit: 100000}}
                """.formatted(NODE, BRIDGE, bridgePort, remotes, httpPort, PEER, PEER_AS);
    }

    private long lost() {
        return tally.tried() - tally.survived() + foreignLost;
    }

    private String report(Instant start) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "Run %s: %d faults of each kind; one peer with %,d routes changing meanwhile; the bridge as a process"
                        + " with the DaemonSet's JVM flags (%s) and memory limit (%d MiB, as -XX:MaxRAM).%n%n",
                start,
                faults,
                routes,
                String.join(" ", BridgeProcess.DAEMON_FLAGS),
                BridgeProcess.CONTAINER_LIMIT_MIB));
        out.append("| NB fault | tried | converged exactly | seconds to converge, median / max: all | in a bulk"
                + " move of every route | in rolling changes | counted from |\n");
        out.append("|---|---:|---:|---|---|---|---|\n");
        counts.forEach((kind, c) -> {
            List<List<Double>> s = seconds.getOrDefault(kind, List.of(List.of(), List.of()));
            List<Double> all = new ArrayList<>(s.get(0));
            all.addAll(s.get(1));
            out.append(String.format(
                    Locale.ROOT,
                    "| %s | %,d | %,d | %s | %s | %s | %s |%n",
                    kind,
                    c[0],
                    c[1],
                    medianMax(all),
                    medianMax(s.get(0)),
                    medianMax(s.get(1)),
                    measuredFrom.getOrDefault(kind, "—")));
        });
        out.append('\n');
        for (String n : notes) {
            out.append("- ").append(n).append('\n');
        }
        for (String w : tally.wrong()) {
            out.append("- WRONG: ").append(w.lines().findFirst().orElse("")).append('\n');
        }
        out.append(String.format(
                Locale.ROOT,
                "%nFaults tried: %,d; faults survived: %,d; data lost (a fault after which NB did not come back to"
                        + " exactly the Loc-RIB and the peer's routes within %d s, a duplicate row, a foreign row"
                        + " touched, the BGP session dropped, the bridge gone): %,d%n",
                tally.tried(),
                tally.survived(),
                CONVERGE.toSeconds(),
                lost()));
        return out.toString();
    }

    private static String medianMax(List<Double> s) {
        return s.isEmpty() ? "—" : String.format(Locale.ROOT, "%.1f / %.1f", median(s), max(s));
    }

    static double median(List<Double> s) {
        List<Double> sorted = s.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    static double max(List<Double> s) {
        return s.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
