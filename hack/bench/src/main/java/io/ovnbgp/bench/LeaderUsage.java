package io.ovnbgp.bench;

import io.ovnbgp.e2e.harness.OvnNbCluster;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The NB cluster leader's CPU time and memory over each phase of a bench: every member's CPU is sampled when a
 * phase begins, and the delta of whichever member leads when it ends is the phase's (after a leader change, the
 * new leader's whole phase, including its time as a follower).
 */
final class LeaderUsage {
    record Phase(String name, double wallSeconds, int leader, double cpuSeconds, long rssKib, long hwmKib) {}

    private final OvnNbCluster cluster;
    private final List<Phase> phases = new ArrayList<>();
    private double[] cpuAtStart;
    private long startNanos;

    LeaderUsage(OvnNbCluster cluster) {
        this.cluster = cluster;
    }

    void begin() {
        cpuAtStart = new double[cluster.size()];
        for (int i = 0; i < cluster.size(); i++) {
            cpuAtStart[i] = cpu(i);
        }
        startNanos = System.nanoTime();
    }

    Phase end(String name) {
        double wall = (System.nanoTime() - startNanos) / 1e9;
        int leader = cluster.awaitLeader(Duration.ofSeconds(60));
        long pid = cluster.member(leader).pid();
        Phase p = new Phase(
                name,
                wall,
                leader,
                cpu(leader) - cpuAtStart[leader],
                ProcessMemory.rssKib(pid),
                ProcessMemory.peakKib(pid));
        phases.add(p);
        return p;
    }

    private double cpu(int member) {
        return cluster.member(member).isAlive()
                ? ProcessCpu.seconds(cluster.member(member).pid())
                : -1;
    }

    String table() {
        StringBuilder sb = new StringBuilder(
                "| phase | wall | leader (member) | leader CPU | CPU / wall | leader RSS after | leader peak RSS |\n"
                        + "|---|---:|---:|---:|---:|---:|---:|\n");
        for (Phase p : phases) {
            sb.append(String.format(
                    Locale.ROOT,
                    "| %s | %.1f s | nb%d | %.1f s | %.0f %% | %,d MiB | %,d MiB |%n",
                    p.name(),
                    p.wallSeconds(),
                    p.leader(),
                    p.cpuSeconds(),
                    100 * p.cpuSeconds() / p.wallSeconds(),
                    p.rssKib() / 1024,
                    p.hwmKib() / 1024));
        }
        return sb.toString();
    }
}
