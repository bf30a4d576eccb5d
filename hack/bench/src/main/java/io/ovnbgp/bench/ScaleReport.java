package io.ovnbgp.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;

/** The Markdown of one {@link ScaleBench} run, filled in phase by phase. */
final class ScaleReport {
    /** What killing the leader during a bulk change did. */
    record Kill(
            double secondsToKill,
            int nodesDoneAtKill,
            int oldLeader,
            int newLeader,
            double electionSeconds,
            double rightSeconds,
            int polls,
            NbContent.Diff firstDiff,
            NbContent.Diff finalDiff,
            NbContent.Diff ribDiff,
            long[] totals) {}

    private static final double TARGET_CONVERGE_S = 10;
    private static final double TARGET_LAG_P99_MS = 50;

    private final ScaleBench bench;
    private final StringBuilder body = new StringBuilder();
    private double convergeSeconds = Double.NaN;
    private double lagP99 = Double.NaN;
    private String usage = "";
    private String jvm = "";
    private final String loadAtStart = loadAverage();

    ScaleReport(ScaleBench bench) {
        this.bench = bench;
    }

    private void line(String format, Object... args) {
        body.append(String.format(Locale.ROOT, format, args)).append('\n');
        System.err.println(String.format(Locale.ROOT, format, args));
    }

    void connected(double seconds, LeaderUsage.Phase p) {
        line(
                "- %d NB clients (one per node, leader only), started in waves of 10 (each synced before the next), "
                        + "connected and synced in %.1f s.",
                bench.nodes, seconds);
    }

    void loaded(long[] perNode, LeaderUsage.Phase p, NbContent.Diff check) {
        line(
                "- Load: %,d routes on each of %d routers (%,d rows), handed to every node's RIB at once: all "
                        + "committed %.2f s after the first hand-off (per node: p50 %.2f s, p99 %.2f s), %,d "
                        + "transactions; NB check: %s.",
                bench.routesPerNode,
                bench.nodes,
                (long) bench.routesPerNode * bench.nodes,
                Samples.max(perNode) / 1e3,
                Samples.pct(perNode, 0.5) / 1e3,
                Samples.pct(perNode, 0.99) / 1e3,
                bench.transactions(),
                check.none() ? "right" : check.toString());
    }

    void bulk(long[] perNode, LeaderUsage.Phase p, NbContent.Diff check) {
        convergeSeconds = Samples.max(perNode) / 1e3;
        int size = Math.max(1, bench.routesPerNode * bench.bulkPercent / 100);
        line(
                "- Bulk change: every node withdraws %,d of its prefixes and announces %,d new ones (%,d row "
                        + "deletions and %,d insertions in all), handed to all %d RIBs at once. All nodes converged "
                        + "%.2f s after the first hand-off (per node: p50 %.2f s, p99 %.2f s); NB check: %s.",
                size,
                size,
                (long) size * bench.nodes,
                (long) size * bench.nodes,
                bench.nodes,
                convergeSeconds,
                Samples.pct(perNode, 0.5) / 1e3,
                Samples.pct(perNode, 0.99) / 1e3,
                check.none() ? "right" : check.toString());
    }

    private long[] floorAlone;

    void floorAlone(long[] roundTrips) {
        floorAlone = roundTrips;
    }

    void floorAttached(long[] roundTrips) {
        body.append(Samples.row("floor: raw single-row transaction to the leader, no NB client attached", floorAlone));
        body.append(Samples.row(
                "floor: the same with the " + bench.nodes + " nodes' NB clients attached (after the single changes)",
                roundTrips));
        body.append('\n');
    }

    void singles(long[] lag, long[] roundTrip, LeaderUsage.Phase p, NbContent.Diff check) {
        lagP99 = Samples.pct(lag, 0.99);
        line(
                "- Single changes: %,d, round-robin over the nodes (node k announces, next time withdraws, its own "
                        + "prefix), each waited for before the next; NB check: %s.%n",
                bench.changes, check.none() ? "right" : check.toString());
        body.append("| single change | p50 | p99 | mean | max |\n|---|---:|---:|---:|---:|\n");
        body.append(Samples.row("sync lag: RIB hand-off → NB commit (the node's reconciler)", lag));
        body.append(Samples.row("bench's hand-off call → commit", roundTrip));
    }

    void killed(Kill k, LeaderUsage.Phase p) {
        line(
                "- Leader killed: another bulk change as above; SIGKILL to the leader (nb%d) %.2f s after the "
                        + "hand-off, when %d of %d nodes had committed theirs. New leader nb%d after %.2f s; NB right "
                        + "again (every node's rows, read from the surviving follower every 1 s) %.1f s after the kill%s.",
                k.oldLeader(),
                k.secondsToKill(),
                k.nodesDoneAtKill(),
                bench.nodes,
                k.newLeader(),
                k.electionSeconds(),
                k.rightSeconds(),
                k.firstDiff() == null ? "" : " (first read after the election: " + k.firstDiff() + ")");
        line(
                "- After it, 3 s later: NB against the bench's routes: %s; NB against each node's Loc-RIB: %s. "
                        + "Over the run the %d writers had %,d resyncs, %,d transactions (%,d failed) and %,d "
                        + "repairs; %,d waits for a node's commit ended by its NB cache showing the rows (the commit's reply lost).",
                k.finalDiff().none()
                        ? "no row lost or duplicated"
                        : k.finalDiff().toString(),
                k.ribDiff().none() ? "no row lost or duplicated" : k.ribDiff().toString(),
                bench.nodes,
                k.totals()[0],
                k.totals()[1],
                k.totals()[2],
                k.totals()[3],
                k.totals()[4]);
    }

    void usage(String table, String logs) {
        usage = table + "\nThe members' own logs over the run (ovsdb-server's \"Unreasonably long poll interval\"):\n\n"
                + logs;
    }

    void jvm() {
        Runtime rt = Runtime.getRuntime();
        long pid = ProcessHandle.current().pid();
        jvm = String.format(
                Locale.ROOT,
                "The bench's JVM (all %d nodes): peak RSS %,d MiB, heap used %,d MiB at the end, %d threads.",
                bench.nodes,
                ProcessMemory.peakKib(pid) / 1024,
                (rt.totalMemory() - rt.freeMemory()) / (1 << 20),
                ManagementFactory.getThreadMXBean().getThreadCount());
    }

    /** The machine's load average, from /proc/loadavg: the machine is shared, and this says how busy it was. */
    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
            return f[0] + ", " + f[1] + ", " + f[2];
        } catch (IOException | RuntimeException e) {
            return "?";
        }
    }

    String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("Run ")
                .append(Instant.now())
                .append(" on ")
                .append(IngestBench.machine())
                .append("; 3-member RAFT OVN Northbound cluster (election timer ")
                .append(bench.electionTimerMillis)
                .append(" ms, members at nice ")
                .append(ScaleBench.MEMBER_NICE)
                .append("); ")
                .append(bench.nodes)
                .append(" simulated nodes × ")
                .append(bench.routesPerNode)
                .append(" routes in one JVM. Load average (1, 5, 15 min) at the start ")
                .append(loadAtStart)
                .append(", at the end ")
                .append(loadAverage())
                .append(".\n\n");
        sb.append(body).append('\n');
        sb.append("NB leader, per phase (peak RSS is the process's peak so far):\n\n")
                .append(usage)
                .append('\n');
        sb.append(jvm).append("\n\n");
        sb.append("| target | limit | result | met? |\n|---|---:|---:|---|\n");
        sb.append(String.format(
                Locale.ROOT,
                "| %d nodes × %,d routes converge after a bulk change | %.0f s | %.2f s | %s |%n",
                bench.nodes,
                bench.routesPerNode,
                TARGET_CONVERGE_S,
                convergeSeconds,
                convergeSeconds <= TARGET_CONVERGE_S ? "yes" : "no"));
        sb.append(String.format(
                Locale.ROOT,
                "| single-change sync lag p99 | %.0f ms | %.2f ms | %s |%n",
                TARGET_LAG_P99_MS,
                lagP99,
                lagP99 <= TARGET_LAG_P99_MS ? "yes" : "no"));
        return sb.toString().stripTrailing();
    }
}
