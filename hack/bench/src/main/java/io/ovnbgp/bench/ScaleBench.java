package io.ovnbgp.bench;

import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bridge.ovn.WriterStats;
import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.OvnNbCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * hack/bench/scale: many simulated nodes sharing one clustered OVN Northbound, as in OVN-Kubernetes' central mode.
 *
 * <p>A 3-member RAFT NB cluster (test harness) with one gateway router {@code GR_nodeK} per node; in this JVM, per
 * node, a {@link SimulatedNode}: its own RIB fed directly ({@link RibFeed}, no BGP session), its own NB connection
 * (leader only) and reconciler. Every node owns the same {@code routesPerNode} prefixes (the table its upstream
 * routers send; every node learns the same one) through its own next hop. Phases: load; a bulk change of every
 * node at once (each withdraws {@code bulkPercent} % of its prefixes and announces as many new ones); single
 * changes round-robin over the nodes; another bulk change during which the leader is killed (SIGKILL). The
 * leader's CPU and memory are sampled per phase ({@link LeaderUsage}), NB's content is checked against every
 * node's wanted routes ({@link NbContent}) after each phase.
 */
public final class ScaleBench {
    static final Duration WAIT = Duration.ofMinutes(15);
    private static final Duration POLL = Duration.ofSeconds(1);
    /** Nodes started together, each wave synced before the next. */
    private static final int WAVE = 10;

    static final int MEMBER_NICE = -10;

    final int nodes;
    final int routesPerNode;
    final int changes;
    final int bulkPercent;
    final int electionTimerMillis;
    final ScaleReport report;
    private OvnNbCluster cluster;
    private LeaderUsage usage;
    private final List<SimulatedNode> fleet = new CopyOnWriteArrayList<>();
    /** Per node, the indices of the prefixes it announces now (see {@link #prefix}). */
    private final Map<String, Set<Integer>> announced = new HashMap<>();
    /** Per node, whether its single-change prefix is announced. */
    private final Map<String, Boolean> single = new HashMap<>();

    ScaleBench(int nodes, int routesPerNode, int changes, int bulkPercent, int electionTimerMillis) {
        this.nodes = nodes;
        this.routesPerNode = routesPerNode;
        this.changes = changes;
        this.bulkPercent = bulkPercent;
        this.electionTimerMillis = electionTimerMillis;
        this.report = new ScaleReport(this);
    }

    public static void main(String[] args) throws Exception {
        int nodes = 100;
        int routes = 1_000;
        int changes = 500;
        int bulkPercent = 10;
        int electionTimer = 1_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--nodes" -> nodes = Integer.parseInt(args[++i]);
                case "--routes-per-node" -> routes = Integer.parseInt(args[++i]);
                case "--changes" -> changes = Integer.parseInt(args[++i]);
                case "--bulk-percent" -> bulkPercent = Integer.parseInt(args[++i]);
                case "--election-timer-ms" -> electionTimer = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        ScaleBench bench = new ScaleBench(nodes, routes, changes, bulkPercent, electionTimer);
        Daemons daemons = Daemons.create();
        // stopped by a signal too: the cluster's members by pid, the temp dir removed
        Thread cleanUp = new Thread(() -> bench.stop(daemons), "scale-bench-stop");
        Runtime.getRuntime().addShutdownHook(cleanUp);
        System.out.println(bench.run(daemons));
        System.out.flush();
        // the NB clients' event loops are not daemon threads; the hook stops the nodes and the cluster
        System.exit(0);
    }

    private synchronized void stop(Daemons daemons) {
        fleet.forEach(SimulatedNode::close);
        fleet.clear();
        daemons.close();
    }

    private String run(Daemons daemons) throws Exception {
        cluster = daemons.ovnNbCluster(3);
        cluster.electionTimer(electionTimerMillis);
        prioritizeMembers();
        usage = new LeaderUsage(cluster);
        createRouters();
        report.floorAlone(RawFloor.measure(leaderRemote(), Math.max(100, changes)));
        usage.begin();
        long t = System.nanoTime();
        // in waves, as nodes come up in a real cluster: a hundred full dumps at once starve the leader
        for (int k = 1; k <= nodes; k++) {
            SimulatedNode n = SimulatedNode.start(k, cluster.tcpRemotes());
            fleet.add(n);
            announced.put(n.name(), new TreeSet<>());
            single.put(n.name(), false);
            if (k % WAVE == 0 || k == nodes) {
                awaitSynced();
            }
        }
        report.connected((System.nanoTime() - t) / 1e9, usage.end("connect " + nodes + " clients"));
        load();
        bulk();
        singles();
        killLeader();
        report.usage(usage.table(), ClusterLogs.summary(cluster));
        report.jvm();
        return report.markdown();
    }

    /**
     * The members at nice {@value #MEMBER_NICE}, ahead of this JVM: in a real cluster the nodes' bridges run on the
     * nodes, not beside the NB members on two shared cores, where they starved the leader of its heartbeats.
     */
    private void prioritizeMembers() throws IOException, InterruptedException {
        for (int i = 0; i < cluster.size(); i++) {
            Process p = new ProcessBuilder(
                            "renice",
                            "-n",
                            Integer.toString(MEMBER_NICE),
                            "-p",
                            Long.toString(cluster.member(i).pid()))
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IllegalStateException("renice failed: " + out);
            }
        }
    }

    private void awaitSynced() throws InterruptedException {
        for (SimulatedNode n : fleet) {
            if (!n.northbound().awaitSynced(WAIT)) {
                throw new IllegalStateException(n.name() + ": Northbound client not synced");
            }
        }
    }

    /** Every node's router, in transactions of 100 routers, and the raw floor's. */
    private void createRouters() {
        cluster.nbctl("lr-add", RawFloor.ROUTER);
        for (int k = 1; k <= nodes; k += 100) {
            List<String> args = new ArrayList<>();
            for (int j = k; j < Math.min(nodes + 1, k + 100); j++) {
                if (!args.isEmpty()) {
                    args.add("--");
                }
                args.add("lr-add");
                args.add("GR_node" + j);
            }
            cluster.nbctl(args.toArray(String[]::new));
        }
    }

    /** The prefix of index {@code i}: 10.0.0.0/24, 10.0.1.0/24, ... (the same for every node). */
    static Prefix prefix(int i) {
        return Prefix.ipv4(0x0A000000 + (i << 8), 24);
    }

    /** The one prefix node {@code k}'s single changes announce and withdraw in turn: 172.16.k.0/24 and up. */
    static Prefix singlePrefix(int k) {
        return Prefix.ipv4(0xAC100000 + (k << 8), 24);
    }

    private void load() throws Exception {
        usage.begin();
        long t0 = System.nanoTime();
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < routesPerNode; i++) {
            all.add(i);
        }
        for (SimulatedNode n : fleet) {
            change(n, all, List.of());
        }
        long[] perNode = awaitEach(t0);
        report.loaded(perNode, usage.end("load " + nodes + " × " + routesPerNode + " routes"), check());
    }

    /** Waits for every node's pending prefixes; returns per node the time from {@code t0} to its last commit. */
    private long[] awaitEach(long t0) throws InterruptedException {
        long[] perNode = new long[nodes];
        for (int i = 0; i < nodes; i++) {
            perNode[i] = fleet.get(i).awaitCommitted(WAIT) - t0;
        }
        return perNode;
    }

    /** Round {@code r} replaces the {@code bulkPercent} % of prefixes round r-1 left oldest with new ones. */
    private void bulkChange(int round) {
        int size = Math.max(1, routesPerNode * bulkPercent / 100);
        List<Integer> remove = new ArrayList<>();
        List<Integer> add = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            remove.add(round * size + i);
            add.add(routesPerNode + round * size + i);
        }
        for (SimulatedNode n : fleet) {
            change(n, add, remove);
        }
    }

    private void change(SimulatedNode n, List<Integer> add, List<Integer> remove) {
        Set<Integer> a = announced.get(n.name());
        a.addAll(add);
        remove.forEach(a::remove);
        n.change(
                add.stream().map(ScaleBench::prefix).toList(),
                remove.stream().map(ScaleBench::prefix).toList());
    }

    private void bulk() throws Exception {
        usage.begin();
        long t0 = System.nanoTime();
        bulkChange(0);
        long[] perNode = awaitEach(t0);
        report.bulk(perNode, usage.end("bulk change, every node at once"), check());
    }

    private void singles() throws Exception {
        usage.begin();
        long[] lag = new long[changes];
        long[] roundTrip = new long[changes];
        for (int i = 0; i < changes; i++) {
            SimulatedNode n = fleet.get(i % nodes);
            Prefix p = singlePrefix(i % nodes + 1);
            boolean on = !single.get(n.name());
            single.put(n.name(), on);
            long t0 = System.nanoTime();
            n.change(on ? List.of(p) : List.of(), on ? List.of() : List.of(p));
            long commit = n.awaitCommitted(Duration.ofSeconds(60));
            roundTrip[i] = commit - t0;
            lag[i] = n.lastLagNanos();
        }
        report.singles(lag, roundTrip, usage.end(changes + " single changes, round-robin"), check());
        report.floorAttached(RawFloor.measure(leaderRemote(), Math.max(100, changes)));
    }

    private String leaderRemote() {
        return cluster.tcpRemote(cluster.awaitLeader(Duration.ofSeconds(60)));
    }

    private void killLeader() throws Exception {
        usage.begin();
        long t0 = System.nanoTime();
        bulkChange(1);
        int half = (nodes + 1) / 2;
        long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
        int done;
        while ((done = caughtUp()) < half && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        int leader = cluster.awaitLeader(Duration.ofSeconds(10));
        long kill = System.nanoTime();
        cluster.kill(leader);
        int next = cluster.awaitLeader(Duration.ofMillis(Math.max(60_000, 4L * electionTimerMillis)));
        long elected = System.nanoTime();
        NbContent.Diff firstDiff = null;
        NbContent.Diff diff;
        int polls = 0;
        // read from the surviving follower: a select of every row each second would load the new leader
        int reader = 3 - leader - next;
        while (!(diff = checkOn(reader)).none()) {
            firstDiff = firstDiff == null ? diff : firstDiff;
            polls++;
            if (System.nanoTime() - kill > WAIT.toNanos()) {
                throw new IllegalStateException("NB not right " + WAIT + " after the leader was killed: " + diff);
            }
            Thread.sleep(POLL.toMillis());
        }
        long right = System.nanoTime();
        LeaderUsage.Phase phase = usage.end("bulk change, leader killed");
        Thread.sleep(3_000); // anything still moving shows in the checks below
        report.killed(
                new ScaleReport.Kill(
                        (kill - t0) / 1e9,
                        done,
                        leader,
                        next,
                        (elected - kill) / 1e9,
                        (right - kill) / 1e9,
                        polls,
                        firstDiff,
                        checkOn(next),
                        checkAgainstRibs(next),
                        totals()),
                phase);
    }

    private int caughtUp() {
        int n = 0;
        for (SimulatedNode s : fleet) {
            n += s.caughtUp() ? 1 : 0;
        }
        return n;
    }

    private NbContent.Diff check() throws Exception {
        return checkOn(cluster.awaitLeader(Duration.ofSeconds(60)));
    }

    /** NB's rows (read from member {@code member}) against the routes the bench told each node. */
    private NbContent.Diff checkOn(int member) throws Exception {
        Map<String, Set<String>> wanted = new HashMap<>();
        for (SimulatedNode n : fleet) {
            Set<String> w = new HashSet<>();
            for (int i : announced.get(n.name())) {
                w.add(prefix(i) + " " + n.nextHop());
            }
            if (single.get(n.name())) {
                w.add(singlePrefix(fleet.indexOf(n) + 1) + " " + n.nextHop());
            }
            wanted.put(n.name(), w);
        }
        return NbContent.compare(NbContent.read(cluster.tcpRemote(member)), wanted);
    }

    /** NB's rows against each node's own Loc-RIB, as the final word on lost or duplicated rows. */
    private NbContent.Diff checkAgainstRibs(int member) throws Exception {
        Map<String, Set<String>> wanted = new HashMap<>();
        for (SimulatedNode n : fleet) {
            Set<String> w = new HashSet<>();
            Map<Prefix, List<IpAddress>> rib = n.rib().snapshot().get(60, TimeUnit.SECONDS);
            rib.forEach((p, hops) -> hops.forEach(h -> w.add(p + " " + h)));
            wanted.put(n.name(), w);
        }
        return NbContent.compare(NbContent.read(cluster.tcpRemote(member)), wanted);
    }

    /** Transactions committed so far, summed over the nodes' writers. */
    long transactions() {
        return totals()[1];
    }

    /** Resyncs, transactions, failed transactions, repairs, waits ended by the NB cache, over the nodes. */
    private long[] totals() {
        long[] t = new long[5];
        for (SimulatedNode n : fleet) {
            WriterStats s = n.reconciler().view().stats();
            t[0] += s.resyncs();
            t[1] += s.transactions();
            t[2] += s.failedTransactions();
            t[3] += s.repairs();
            t[4] += n.seenInCache();
        }
        return t;
    }
}
