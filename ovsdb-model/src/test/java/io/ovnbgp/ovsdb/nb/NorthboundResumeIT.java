package io.ovnbgp.ovsdb.nb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.OvnNbCluster;
import io.ovnbgp.e2e.harness.RealDaemons;
import io.ovnbgp.ovsdb.client.Condition;
import io.ovnbgp.ovsdb.client.MonitorMethod;
import io.ovnbgp.ovsdb.client.Op;
import io.ovnbgp.ovsdb.client.OvsdbRemote;
import io.ovnbgp.ovsdb.client.OvsdbSession;
import io.ovnbgp.ovsdb.client.Uuid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** monitor_cond_since on a RAFT Northbound, which keeps recent transactions in memory. */
@ExtendWith(RealDaemons.class)
class NorthboundResumeIT {
    private static final Duration T = Duration.ofSeconds(10);
    private static final Map<String, String> OURS = Map.of("ovn-bgp-bridge/owner", "node1");

    /**
     * ovsdb-server trims its transaction history to at most 100 transactions and to no more atoms than the
     * database holds: an almost empty database keeps next to none. Some rows make room for a few.
     */
    private static void rowsForHistory(OvnNbCluster cluster) {
        List<String> args = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            if (i > 0) {
                args.add("--");
            }
            args.addAll(List.of("ls-add", "pad" + i));
        }
        cluster.nbctl(args.toArray(String[]::new));
    }

    @Test
    void resumesOnTheNewLeaderWithoutAFullDump(Daemons daemons) throws Exception {
        OvnNbCluster cluster = daemons.ovnNbCluster(3);
        int leader = cluster.leader();
        cluster.nbctl("lr-add", "GR_node1");
        rowsForHistory(cluster);
        Recorder rec = new Recorder();
        try (NorthboundClient nb = NorthboundClient.start(NorthboundOptions.parse(cluster.tcpRemotes()), rec)) {
            assertThat(nb.awaitSynced(Duration.ofSeconds(20)))
                    .as(nb.state().toString())
                    .isTrue();
            await().atMost(T).until(() -> nb.state().remote().equals(cluster.tcpRemote(leader)));
            Uuid gr = nb.snapshot().router("GR_node1").orElseThrow().uuid();
            Uuid first = nb.transact(
                            NbOps.addStaticRoute(gr, StaticRouteSpec.of("10.1.0.0/16", "1.1.1.1", OURS), "r"), T)
                    .uuidOf("r");
            await().atMost(T).until(() -> nb.snapshot().staticRoute(first).isPresent());
            NorthboundClient.MonitorStats before = nb.monitorStats();
            assertThat(before.inUse()).isEqualTo(MonitorMode.MONITOR_COND_SINCE);
            assertThat(before.lastTxnId()).isNotEqualTo(MonitorMethod.NO_TXN);

            cluster.kill(leader);
            cluster.awaitLeader(Duration.ofSeconds(20));
            // changed while we are away: the resumed monitor must bring it
            cluster.nbctl("set", "Logical_Router", "GR_node1", "options:chassis=c1");
            await().atMost(Duration.ofSeconds(45))
                    .until(() -> nb.isReady()
                            && !nb.state().remote().equals(cluster.tcpRemote(leader))
                            && "c1"
                                    .equals(nb.snapshot()
                                            .router("GR_node1")
                                            .orElseThrow()
                                            .options()
                                            .get("chassis")));
            NorthboundClient.MonitorStats after = nb.monitorStats();
            assertThat(after.fullDumps()).as(after.toString()).isEqualTo(before.fullDumps());
            assertThat(after.resumes()).as(after.toString()).isEqualTo(before.resumes() + 1);
            assertThat(rec.resyncs()).hasSize(2);
            assertThat(nb.snapshot().staticRoute(first)).isPresent();
            assertThat(nb.snapshot().router("GR_node1").orElseThrow().staticRoutes())
                    .containsExactly(first);
            System.out.printf(
                    "MEASURE resumed monitor: %d bytes received on the new connection%n", after.bytesReceived());
        }
    }

    @Test
    void fallsBackToAFullDumpWhenTheServerNoLongerHasTheTransaction(Daemons daemons) throws Exception {
        OvnNbCluster cluster = daemons.ovnNbCluster(1);
        cluster.nbctl("lr-add", "GR_node1");
        rowsForHistory(cluster);
        NorthboundOptions opts =
                NorthboundOptions.parse(cluster.tcpRemote(0)).withBackoff(Duration.ofSeconds(8), Duration.ofSeconds(8));
        try (NorthboundClient nb = NorthboundClient.start(opts, new Recorder());
                OvsdbSession other = OvsdbSession.open(OvsdbRemote.parse(cluster.tcpRemote(0)), T)) {
            assertThat(nb.awaitSynced(Duration.ofSeconds(20)))
                    .as(nb.state().toString())
                    .isTrue();
            NorthboundClient.MonitorStats before = nb.monitorStats();
            nb.dropConnection("test: dropped");
            await().atMost(T).until(() -> !nb.isReady());
            // ovsdb-server keeps the last 100 transactions: 150 push ours out of its history
            for (int i = 0; i < 150; i++) {
                other.transact(
                        NorthboundClient.DATABASE,
                        List.of(new Op.Update(
                                LogicalRouter.TABLE,
                                List.of(Condition.eq("name", "GR_node1")),
                                Map.of("external_ids", Map.of("k", Integer.toString(i))))),
                        T);
            }
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> nb.isReady()
                            && "149"
                                    .equals(nb.snapshot()
                                            .router("GR_node1")
                                            .orElseThrow()
                                            .externalIds()
                                            .get("k")));
            NorthboundClient.MonitorStats after = nb.monitorStats();
            assertThat(after.fullDumps()).as(after.toString()).isEqualTo(before.fullDumps() + 1);
            assertThat(after.resumes()).as(after.toString()).isEqualTo(before.resumes());

            // and with the history intact, the same drop resumes
            nb.dropConnection("test: dropped again");
            await().atMost(T).until(() -> !nb.isReady());
            cluster.nbctl("set", "Logical_Router", "GR_node1", "external_ids:k=last");
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> nb.isReady()
                            && "last"
                                    .equals(nb.snapshot()
                                            .router("GR_node1")
                                            .orElseThrow()
                                            .externalIds()
                                            .get("k")));
            assertThat(nb.monitorStats().resumes()).isEqualTo(after.resumes() + 1);
            assertThat(nb.monitorStats().fullDumps()).isEqualTo(after.fullDumps());
        }
    }
}
