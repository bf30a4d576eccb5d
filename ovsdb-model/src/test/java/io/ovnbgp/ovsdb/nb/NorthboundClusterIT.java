package io.ovnbgp.ovsdb.nb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovnbgp.e2e.harness.Command;
import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.OvnNbCluster;
import io.ovnbgp.e2e.harness.RealDaemons;
import io.ovnbgp.ovsdb.client.Uuid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A three-member NB RAFT cluster made with ovsdb-tool create-cluster / join-cluster. */
@ExtendWith(RealDaemons.class)
class NorthboundClusterIT {
    private static final Duration T = Duration.ofSeconds(10);
    private static final Map<String, String> OURS = Map.of("ovn-bgp-bridge/owner", "node1");

    @Test
    void writesOnlyToTheLeaderAndFollowsItWhenTheLeaderIsKilled(Daemons daemons) throws Exception {
        OvnNbCluster cluster = daemons.ovnNbCluster(3);
        int leader = cluster.leader();
        cluster.nbctl("lr-add", "GR_node1");

        // followers first in the list: the client must pass them by
        List<String> order = new ArrayList<>();
        for (int i = 0; i < cluster.size(); i++) {
            if (i != leader) {
                order.add(cluster.tcpRemote(i));
            }
        }
        order.add(cluster.tcpRemote(leader));
        Recorder rec = new Recorder();
        try (NorthboundClient nb = NorthboundClient.start(NorthboundOptions.parse(String.join(",", order)), rec)) {
            assertThat(nb.awaitSynced(Duration.ofSeconds(20)))
                    .as(nb.state().toString())
                    .isTrue();
            ServerStatus st = nb.state().server();
            assertThat(st.clustered()).isTrue();
            assertThat(st.leader()).isTrue();
            assertThat(nb.state().remote()).isEqualTo(cluster.tcpRemote(leader));

            LogicalRouter gr = nb.snapshot().router("GR_node1").orElseThrow();
            Uuid first = nb.transact(
                            NbOps.addStaticRoute(
                                    gr.uuid(), StaticRouteSpec.of("10.1.0.0/16", "192.168.1.1", OURS), "r"),
                            T)
                    .uuidOf("r");
            await().atMost(T).until(() -> nb.snapshot().staticRoute(first).isPresent());

            long t0 = System.nanoTime();
            cluster.kill(leader);
            await().atMost(Duration.ofSeconds(45))
                    .until(() -> nb.isReady() && !nb.state().remote().equals(cluster.tcpRemote(leader)));
            long failoverMs = (System.nanoTime() - t0) / 1_000_000;
            int newLeader = cluster.awaitLeader(T);
            assertThat(newLeader).isNotEqualTo(leader);
            assertThat(nb.state().remote()).isEqualTo(cluster.tcpRemote(newLeader));
            assertThat(nb.state().server().leader()).isTrue();
            assertThat(rec.disconnects()).isNotEmpty();
            assertThat(rec.resyncs()).hasSize(2);
            System.out.printf("MEASURE leader killed -> client resynced on the new leader: %d ms%n", failoverMs);

            // the resynced cache still holds what the old leader committed, and a transaction goes through
            assertThat(nb.snapshot().staticRoute(first)).isPresent();
            Uuid second = nb.transact(
                            NbOps.addStaticRoute(
                                    gr.uuid(), StaticRouteSpec.of("10.2.0.0/16", "192.168.1.2", OURS), "r"),
                            T)
                    .uuidOf("r");
            await().atMost(T).until(() -> nb.snapshot().staticRoute(second).isPresent());
            assertThat(cluster.nbctl("lr-route-list", "GR_node1"))
                    .contains("10.1.0.0/16")
                    .contains("10.2.0.0/16");
        }
    }

    @Test
    void leavesALeaderThatStepsDownWhileTheConnectionStaysUp(Daemons daemons) throws Exception {
        OvnNbCluster cluster = daemons.ovnNbCluster(3);
        int leader = cluster.leader();
        cluster.nbctl("lr-add", "GR_node1");
        Recorder rec = new Recorder();
        // probes off: the TCP connection to the paused leader must survive, so that only _Server can tell us
        NorthboundOptions opts = NorthboundOptions.parse(cluster.tcpRemote(leader) + ","
                        + cluster.tcpRemote((leader + 1) % 3) + "," + cluster.tcpRemote((leader + 2) % 3))
                .withProbeInterval(Duration.ZERO);
        try (NorthboundClient nb = NorthboundClient.start(opts, rec)) {
            assertThat(nb.awaitSynced(Duration.ofSeconds(20)))
                    .as(nb.state().toString())
                    .isTrue();
            assertThat(nb.state().remote()).isEqualTo(cluster.tcpRemote(leader));

            String pid = Long.toString(cluster.member(leader).pid());
            Command.run(List.of("kill", "-STOP", pid), Map.of(), T).orThrow();
            int newLeader;
            try {
                // the other two elect a leader among themselves while ours is paused
                int paused = leader;
                newLeader = await("a new leader while member " + leader + " is paused")
                        .atMost(Duration.ofSeconds(20))
                        .pollInterval(Duration.ofMillis(100))
                        .until(() -> leaderOtherThan(cluster, paused), i -> i >= 0);
                assertThat(newLeader)
                        .as("a new leader while member " + leader + " is paused")
                        .isNotNegative();
            } finally {
                Command.run(List.of("kill", "-CONT", pid), Map.of(), T).orThrow();
            }
            int expected = newLeader;
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> nb.isReady() && nb.state().remote().equals(cluster.tcpRemote(expected)));
            assertThat(rec.disconnects()).anySatisfy(r -> assertThat(r).contains("no longer the cluster leader"));
            LogicalRouter gr = nb.snapshot().router("GR_node1").orElseThrow();
            Uuid r = nb.transact(
                            NbOps.addStaticRoute(
                                    gr.uuid(), StaticRouteSpec.of("10.3.0.0/16", "192.168.1.3", OURS), "r"),
                            T)
                    .uuidOf("r");
            await().atMost(T).until(() -> nb.snapshot().staticRoute(r).isPresent());
        }
    }

    /** A member other than {@code paused} that says it is the leader, or -1. */
    private static int leaderOtherThan(OvnNbCluster cluster, int paused) {
        for (int i = 0; i < 3; i++) {
            if (i != paused && cluster.status(i).contains("Role: leader")) {
                return i;
            }
        }
        return -1;
    }
}
