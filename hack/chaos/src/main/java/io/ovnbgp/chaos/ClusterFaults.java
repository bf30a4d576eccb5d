package io.ovnbgp.chaos;

import io.ovnbgp.e2e.harness.Command;
import io.ovnbgp.e2e.harness.OvnNbCluster;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * The faults of a 3-member RAFT NB: the leader killed (-9) and restarted after convergence; the TCP link between
 * the bridge and its member black-holed ({@link BlackHoleRelay}, one in front of each member: the bridge knows the
 * members only by their relays); the bridge's member, and separately a follower, frozen with SIGSTOP and resumed
 * with SIGCONT after convergence. The freeze stands in for a partition of that member from everyone (its peers and
 * its clients get no answer, their TCP stays open), since the members' RAFT links cannot be relayed: each member
 * advertises the address it listens on.
 */
final class ClusterFaults implements AutoCloseable {
    private static final Duration HEALTHY = Duration.ofSeconds(180);

    private final OvnNbCluster cluster;
    private final List<BlackHoleRelay> relays = new ArrayList<>();
    private final Set<Integer> down = new ConcurrentSkipListSet<>();
    private final Random random;
    private BridgeProcess bridge;

    ClusterFaults(OvnNbCluster cluster, Random random) throws IOException {
        this.cluster = cluster;
        this.random = random;
        for (int i = 0; i < cluster.size(); i++) {
            String tcp = cluster.tcpRemote(i);
            relays.add(BlackHoleRelay.start(Integer.parseInt(tcp.substring(tcp.lastIndexOf(':') + 1))));
        }
    }

    /** The bridge's ovn.northbound: every member, each through its relay. */
    String remotes() {
        return String.join(",", relays.stream().map(BlackHoleRelay::remote).toList());
    }

    void bridge(BridgeProcess b) {
        this.bridge = b;
    }

    /** ovn-nbctl (leader only, as its default) against the members that run and answer now. */
    String nbctl(String... args) {
        List<String> up = new ArrayList<>();
        for (int i = 0; i < cluster.size(); i++) {
            if (!down.contains(i)) {
                up.add(cluster.tcpRemote(i));
            }
        }
        List<String> argv = new ArrayList<>(List.of("ovn-nbctl", "--db=" + String.join(",", up), "--timeout=10"));
        argv.addAll(List.of(args));
        return Command.run(argv, Map.of(), Duration.ofSeconds(15)).orThrow().stdout();
    }

    /** The member whose relay the bridge's NB connection goes through (its /status), else the leader. */
    int bridgeMember() {
        try {
            String remote =
                    bridge.json("/status").path("northbound").path("remote").asText();
            for (int i = 0; i < relays.size(); i++) {
                if (relays.get(i).remote().equals(remote)) {
                    return i;
                }
            }
        } catch (IOException e) {
            // fall back to the leader, where a leader-only client ends up
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return leader();
    }

    /** The leader among the members that answer (a frozen one would hold each question for seconds), or -1. */
    int leader() {
        for (int i = 0; i < cluster.size(); i++) {
            if (!down.contains(i) && cluster.status(i).contains("Role: leader")) {
                return i;
            }
        }
        return -1;
    }

    /** Bounded: every member back in the cluster and one of them leader. */
    void awaitHealthy() throws InterruptedException {
        long deadline = System.nanoTime() + HEALTHY.toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (int i = 0; i < cluster.size() && all; i++) {
                all = cluster.status(i).contains("Status: cluster member");
            }
            if (all && leader() >= 0) {
                return;
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the cluster is not whole again within " + HEALTHY + "\n" + cluster.logs());
    }

    private int awaitLeader() throws InterruptedException {
        long deadline = System.nanoTime() + HEALTHY.toNanos();
        while (System.nanoTime() < deadline) {
            int l = leader();
            if (l >= 0) {
                return l;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("no leader within " + HEALTHY);
    }

    private void signal(int member, String sig) {
        Command.run(
                        List.of(
                                "kill",
                                "-" + sig,
                                Long.toString(cluster.member(member).pid())),
                        Map.of(),
                        Duration.ofSeconds(5))
                .orThrow();
    }

    /** kill -9 of the leader; restarted on its database after convergence. */
    NbFault leaderKill() {
        return new NbFault() {
            private int victim = -1;

            @Override
            public String kind() {
                return "RAFT: leader killed (-9), restarted after";
            }

            @Override
            public String measuredFrom() {
                return "the kill";
            }

            @Override
            public String inject() throws Exception {
                victim = awaitLeader();
                down.add(victim);
                cluster.kill(victim);
                return "killed leader nb" + victim;
            }

            @Override
            public long recover(long injectedAt) {
                return injectedAt;
            }

            @Override
            public void restore() throws Exception {
                // a member replays its whole RAFT log first: after dozens of 10,000-row transactions, over 30 s
                cluster.restart(victim, HEALTHY);
                down.remove(victim);
                awaitHealthy();
            }
        };
    }

    /** The bridge's own NB connection black-holed at its relay; healed (closed) after convergence. */
    NbFault linkBlackHole() {
        return new NbFault() {
            private int member = -1;

            @Override
            public String kind() {
                return "RAFT: bridge-to-member TCP black-holed";
            }

            @Override
            public String measuredFrom() {
                return "the black hole";
            }

            @Override
            public String inject() {
                member = bridgeMember();
                int hit = relays.get(member).blackHole();
                return "black-holed " + hit + " connection(s) to nb" + member + " (leader nb" + leader() + ")";
            }

            @Override
            public long recover(long injectedAt) {
                return injectedAt;
            }

            @Override
            public void restore() {
                relays.get(member).heal();
            }
        };
    }

    /** SIGSTOP of the bridge's member ({@code bridgesMember}) or of a follower the bridge is not on; SIGCONT after. */
    NbFault freeze(boolean bridgesMember) {
        return new NbFault() {
            private int member = -1;

            @Override
            public String kind() {
                return bridgesMember
                        ? "RAFT: the bridge's member (leader) frozen (SIGSTOP)"
                        : "RAFT: a follower frozen (SIGSTOP)";
            }

            @Override
            public String measuredFrom() {
                return "the SIGSTOP";
            }

            @Override
            public String inject() throws Exception {
                int on = bridgeMember();
                if (bridgesMember) {
                    member = on;
                } else {
                    int l = awaitLeader();
                    List<Integer> followers = new ArrayList<>();
                    for (int i = 0; i < cluster.size(); i++) {
                        if (i != l && i != on) {
                            followers.add(i);
                        }
                    }
                    member = followers.get(random.nextInt(followers.size()));
                }
                down.add(member);
                signal(member, "STOP");
                return "froze nb" + member + " (the bridge was on nb" + on + ")";
            }

            @Override
            public long recover(long injectedAt) {
                return injectedAt;
            }

            @Override
            public void restore() throws Exception {
                signal(member, "CONT");
                down.remove(member);
                awaitHealthy();
            }
        };
    }

    @Override
    public void close() {
        for (int i : down) {
            if (cluster.member(i).isAlive()) {
                signal(i, "CONT");
            }
        }
        for (BlackHoleRelay r : relays) {
            try {
                r.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }
}
