package io.ovnbgp.e2e.ovn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.FreePorts;
import io.ovnbgp.e2e.harness.FrrBgpd;
import io.ovnbgp.e2e.harness.ManagedProcess;
import io.ovnbgp.e2e.harness.OvnDatabases;
import io.ovnbgp.e2e.harness.OvnNbCluster;
import io.ovnbgp.e2e.harness.RealDaemons;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The packaged bridge between FRR peers and a real OVN (ovsdb-server, ovn-northd): Loc-RIB prefixes become
 * owned rows on GR_node1, ECMP across peers, withdrawals and session loss remove rows, repairs, NB restarts and
 * RAFT leader loss end in NB = Loc-RIB, kill -9 and restart neither duplicates nor removes wanted rows, and a
 * foreign row on the same prefix survives all of it.
 */
@ExtendWith(RealDaemons.class)
class StaticRouteReconcilerIT extends BridgeFixture {
    static final String P1 = "198.51.100.0/24";
    static final String P2 = "198.51.101.0/24";
    static final String P3 = "198.51.102.0/24";
    static final String NH_A = "203.0.113.2";
    static final String NH_B = "203.0.113.3";
    static final String FOREIGN_NH = "192.0.2.99";

    /** The bridge between tor-a (announcing {@code aNetworks} via NH_A) and tor-b (P1 via NH_B), as started. */
    private record Running(FrrBgpd torA, FrrBgpd torB, ManagedProcess bridge, int httpPort) {}

    /**
     * What every scenario here starts from: GR_node1 (made by the caller) with OVN-Kubernetes' own row on P1, never
     * ours to touch, and the packaged bridge peering with tor-a and tor-b.
     */
    private static Running start(Daemons daemons, OvnDatabases ovn, String... aNetworks) throws Exception {
        ovn.nbctl("lr-route-add", "GR_node1", P1, FOREIGN_NH);
        int bridgePort = FreePorts.next();
        int httpPort = FreePorts.next();
        FrrBgpd torA = frr(daemons, "127.0.0.2", "10.255.0.2", bridgePort, NH_A, aNetworks);
        FrrBgpd torB = frr(daemons, "127.0.0.3", "10.255.0.3", bridgePort, NH_B, P1);
        Path conf = config(daemons, bridgePort, httpPort, ovn.nbRemote(), "", List.of(torA, torB));
        return new Running(torA, torB, startBridge(daemons, conf, httpPort), httpPort);
    }

    /** The same on a Northbound of its own with tor-a announcing P1 alone, once both rows of P1 are in NB. */
    private static Running startWithAnEcmpPair(Daemons daemons, OvnDatabases ovn) throws Exception {
        ovn.nbctl("lr-add", "GR_node1");
        Running up = start(daemons, ovn, P1);
        await("P1's ECMP pair")
                .atMost(SYNC)
                .pollInterval(POLL)
                .untilAsserted(() -> assertThat(ownedKeys(rows(ovn::nbctl)))
                        .containsExactly(P1 + " via " + NH_A, P1 + " via " + NH_B));
        return up;
    }

    @Test
    void prefixesBecomeOwnedRowsAndAPrefixFromBothPeersAnEcmpPairBesideTheForeignRow(Daemons daemons) throws Exception {
        OvnDatabases ovn = daemons.ovnCentral();
        ovn.nbctl("lr-add", "GR_node1");
        // a port whose networks hold the next hops, so that northd makes routing flows for them
        ovn.nbctl("lrp-add", "GR_node1", "rtoe-GR_node1", "02:00:00:00:00:01", "203.0.113.1/24", "192.0.2.1/24");
        Running up = start(daemons, ovn, P1, P2);
        int httpPort = up.httpPort();

        // the prefixes appear as rows with our owner key; P1 from both peers is an ECMP pair
        await("rows for both peers")
                .atMost(SYNC)
                .pollInterval(POLL)
                .untilAsserted(() -> assertThat(ownedKeys(rows(ovn::nbctl)))
                        .containsExactly(P1 + " via " + NH_A, P1 + " via " + NH_B, P2 + " via " + NH_A));
        assertThat(foreignKeys(rows(ovn::nbctl))).containsExactly(P1 + " via " + FOREIGN_NH);
        assertThat(ovn.nbctl("lr-route-list", "GR_node1"))
                .contains("ecmp")
                .contains(NH_A)
                .contains(NH_B);
        String owned = ovn.nbctl(
                "--bare",
                "--columns=nexthop",
                "find",
                "Logical_Router_Static_Route",
                "external_ids:ovn-bgp-bridge/owner=node1",
                "ip_prefix=\"" + P1 + "\"");
        assertThat(owned.lines().filter(l -> !l.isBlank()).sorted().toList()).containsExactly(NH_A, NH_B);
        await("northd's ECMP flow")
                .atMost(SYNC)
                .pollInterval(POLL)
                .untilAsserted(() -> assertThat(ovn.sbctl("lflow-list", "GR_node1"))
                        .contains("select(")
                        .contains(NH_B));
        await("/readyz")
                .atMost(SYNC)
                .until(() -> get("http://127.0.0.1:" + httpPort + "/readyz").statusCode() == 200);

        // the per-route view: BGP's next hops and the NB rows, ours (and the foreign one where the node's monitor
        // sees it: a monitor scoped to the node's own rows does not)
        JsonNode route = status(httpPort, P1).path("route");
        assertThat(route.path("nextHops").toString()).contains(NH_A, NH_B);
        List<String> ours = new ArrayList<>();
        route.path("rows").forEach(r -> {
            if (r.path("ours").asBoolean()) {
                ours.add(r.path("nexthop").asText());
            } else {
                assertThat(r.path("nexthop").asText()).isEqualTo(FOREIGN_NH);
            }
        });
        assertThat(ours).containsExactlyInAnyOrder(NH_A, NH_B);
        // … and the BGP paths behind them: one per ToR, both in the ECMP set, with the ToR's AS path
        assertThat(route.path("bgpPaths")).hasSize(2);
        assertThat(route.path("bgpPaths").findValuesAsText("peer"))
                .containsExactlyInAnyOrder("tor-127-0-0-2", "tor-127-0-0-3");
        assertThat(route.path("bgpPaths").findValuesAsText("asPath")).containsOnly("65001");
        route.path("bgpPaths")
                .forEach(p -> assertThat(p.path("multipath").asBoolean()).isTrue());
        assertThat(route.path("originated").isNull()).isTrue();
        assertThat(route.path("advertisedTo")).isEmpty();
        JsonNode st = status(httpPort, null);
        assertThat(st.path("northbound").path("ready").asBoolean()).isTrue();
        assertThat(st.path("routes").path("rowsOwned").asInt()).isEqualTo(3);
        String m = metrics(httpPort);
        assertThat(metric(m, "ovn_bgp_bridge_nb_rows_owned")).isEqualTo(3.0);
        assertThat(metric(m, "ovn_bgp_bridge_route_sync_lag_seconds_count")).isGreaterThanOrEqualTo(2.0);
        assertThat(m).contains("ovn_bgp_bridge_nb_transaction_seconds_count{outcome=\"committed\"}");
        up.bridge().assertAlive();
    }

    @Test
    void aWithdrawalRemovesItsRowAndOnlyIt(Daemons daemons) throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        ovn.nbctl("lr-add", "GR_node1");
        Running up = start(daemons, ovn, P1, P2);
        await("rows for both peers")
                .atMost(SYNC)
                .pollInterval(POLL)
                .untilAsserted(() -> assertThat(ownedKeys(rows(ovn::nbctl)))
                        .containsExactly(P1 + " via " + NH_A, P1 + " via " + NH_B, P2 + " via " + NH_A));

        withdraw(up.torA(), P2);
        await("P2 withdrawn")
                .atMost(SYNC)
                .pollInterval(POLL)
                .untilAsserted(() -> assertThat(ownedKeys(rows(ovn::nbctl)))
                        .containsExactly(P1 + " via " + NH_A, P1 + " via " + NH_B));
        assertThat(foreignKeys(rows(ovn::nbctl))).containsExactly(P1 + " via " + FOREIGN_NH);
        // nobody but us touched our rows: the reports of our own inserts and deletes are no repairs
        assertThat(metric(metrics(up.httpPort()), "ovn_bgp_bridge_nb_repairs_total"))
                .isZero();
        up.bridge().assertAlive();
    }

    @Test
    void aRowOfOursRemovedOrEditedBySomeoneElseIsRepaired(Daemons daemons) throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        Running up = startWithAnEcmpPair(daemons, ovn);
        int httpPort = up.httpPort();

        // a row of ours removed by someone else comes back; one edited is restored (and both counted)
        NbRow a = rows(ovn::nbctl).stream()
                .filter(r -> "node1".equals(r.owner()) && r.nexthop().equals(NH_A))
                .findFirst()
                .orElseThrow();
        ovn.nbctl("remove", "Logical_Router", "GR_node1", "static_routes", a.uuid());
        NbRow b = rows(ovn::nbctl).stream()
                .filter(r -> "node1".equals(r.owner()) && r.nexthop().equals(NH_B))
                .findFirst()
                .orElseThrow();
        ovn.nbctl("set", "Logical_Router_Static_Route", b.uuid(), "route_table=rtb-edited");
        await("repaired").atMost(SYNC).pollInterval(POLL).untilAsserted(() -> {
            assertThat(ownedKeys(rows(ovn::nbctl))).containsExactly(P1 + " via " + NH_A, P1 + " via " + NH_B);
            assertThat(ovn.nbctl("--bare", "--columns=route_table", "list", "Logical_Router_Static_Route", b.uuid())
                            .trim())
                    .isEmpty();
            assertThat(metric(metrics(httpPort), "ovn_bgp_bridge_nb_repairs_total"))
                    .isGreaterThanOrEqualTo(2.0);
        });
        assertThat(foreignKeys(rows(ovn::nbctl))).containsExactly(P1 + " via " + FOREIGN_NH);
        up.bridge().assertAlive();
    }

    @Test
    void aLostSessionTakesItsNextHopOutOfTheEcmpSet(Daemons daemons) throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        Running up = startWithAnEcmpPair(daemons, ovn);

        // a session lost (FRR B shuts it down with a Cease): its next hop leaves the ECMP set
        up.torB().configure("router bgp " + FRR_AS, "neighbor 127.0.0.1 shutdown");
        await("tor-b's next hop gone")
                .atMost(SYNC)
                .pollInterval(POLL)
                .untilAsserted(() -> assertThat(ownedKeys(rows(ovn::nbctl))).containsExactly(P1 + " via " + NH_A));
        assertThat(foreignKeys(rows(ovn::nbctl))).containsExactly(P1 + " via " + FOREIGN_NH);
        up.bridge().assertAlive();
    }

    @Test
    void afterAnNbRestartNbEqualsTheLocRibThatBgpChangedMeanwhile(Daemons daemons) throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        Running up = startWithAnEcmpPair(daemons, ovn);
        int httpPort = up.httpPort();
        // tor-b's session down before NB goes, so that its coming back is one of the changes NB misses
        up.torB().configure("router bgp " + FRR_AS, "neighbor 127.0.0.1 shutdown");
        await("tor-b's next hop gone")
                .atMost(SYNC)
                .pollInterval(POLL)
                .untilAsserted(() -> assertThat(ownedKeys(rows(ovn::nbctl))).containsExactly(P1 + " via " + NH_A));

        // the NB server dies mid-stream; BGP moves on meanwhile; after its restart NB equals the Loc-RIB
        ovn.killNorthbound();
        announce(up.torA(), P3);
        up.torB().configure("router bgp " + FRR_AS, "no neighbor 127.0.0.1 shutdown");
        await("bridge sees NB down")
                .atMost(SYNC)
                .pollInterval(POLL)
                .until(() -> get("http://127.0.0.1:" + httpPort + "/readyz").statusCode() == 503);
        await("the routes in the RIB while NB is away")
                .atMost(SYNC)
                .pollInterval(POLL)
                .untilAsserted(() -> {
                    assertThat(status(httpPort, P3)
                                    .path("route")
                                    .path("nextHops")
                                    .toString())
                            .contains(NH_A);
                    assertThat(status(httpPort, P1)
                                    .path("route")
                                    .path("nextHops")
                                    .toString())
                            .contains(NH_A, NH_B);
                });
        ovn.startNorthbound();
        await("NB = Loc-RIB after the NB restart")
                .atMost(SYNC)
                .pollInterval(POLL)
                .untilAsserted(() -> {
                    assertThat(ownedKeys(rows(ovn::nbctl)))
                            .containsExactly(P1 + " via " + NH_A, P1 + " via " + NH_B, P3 + " via " + NH_A);
                    assertThat(metric(metrics(httpPort), "ovn_bgp_bridge_nb_resyncs_total"))
                            .isGreaterThanOrEqualTo(2.0);
                    assertThat(metric(metrics(httpPort), "ovn_bgp_bridge_nb_connected"))
                            .isEqualTo(1.0);
                });
        assertThat(foreignKeys(rows(ovn::nbctl))).containsExactly(P1 + " via " + FOREIGN_NH);
        up.bridge().assertAlive();
    }

    @Test
    void killMinus9AndRestartAdoptsRowsWithoutDuplicatesAndRemovesOnlyWhatBgpNoLongerWants(Daemons daemons)
            throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        ovn.nbctl("lr-add", "GR_node1");
        ovn.nbctl("lr-route-add", "GR_node1", P1, FOREIGN_NH);
        int bridgePort = FreePorts.next();
        int httpPort = FreePorts.next();
        FrrBgpd torA = frr(daemons, "127.0.0.2", "10.255.0.2", bridgePort, NH_A, P1, P2);
        Path conf = config(daemons, bridgePort, httpPort, ovn.nbRemote(), "", List.of(torA));
        ManagedProcess bridge = startBridge(daemons, conf, httpPort);
        await("rows")
                .atMost(SYNC)
                .pollInterval(POLL)
                .untilAsserted(() -> assertThat(ownedKeys(rows(ovn::nbctl)))
                        .containsExactly(P1 + " via " + NH_A, P2 + " via " + NH_A));
        Map<String, String> uuidsBefore = rows(ovn::nbctl).stream()
                .filter(r -> r.owner() != null)
                .collect(Collectors.toMap(NbRow::key, NbRow::uuid));

        bridge.kill();
        // while the bridge is dead, BGP withdraws P2 (FRR keeps it from us as a GR helper only on its side)
        withdraw(torA, P2);
        ManagedProcess again = startBridge(daemons, conf, httpPort);

        // P2, which BGP no longer wants, goes once tor-a has sent End-of-RIB (well before the 120 s timer)
        await("stale P2 removed after End-of-RIB")
                .atMost(SYNC)
                .pollInterval(POLL)
                .untilAsserted(() -> {
                    List<NbRow> now = rows(ovn::nbctl);
                    assertThat(ownedKeys(now)).containsExactly(P1 + " via " + NH_A);
                    assertThat(status(httpPort, null)
                                    .path("routes")
                                    .path("converged")
                                    .asBoolean())
                            .isTrue();
                });
        // P1's row is the very row the first life wrote: adopted, never removed and re-added, never duplicated
        List<NbRow> after = rows(ovn::nbctl);
        assertThat(after.stream()
                        .filter(r -> r.owner() != null)
                        .map(NbRow::uuid)
                        .toList())
                .containsExactly(uuidsBefore.get(P1 + " via " + NH_A));
        assertThat(foreignKeys(after)).containsExactly(P1 + " via " + FOREIGN_NH);

        // a second kill -9 right after start, then a restart: still exactly one row per wanted key
        again.kill();
        startBridge(daemons, conf, httpPort);
        await("converged again")
                .atMost(SYNC)
                .pollInterval(POLL)
                .untilAsserted(() -> assertThat(status(httpPort, null)
                                .path("routes")
                                .path("converged")
                                .asBoolean())
                        .isTrue());
        assertThat(rows(ovn::nbctl).stream()
                        .filter(r -> r.owner() != null)
                        .map(NbRow::uuid)
                        .toList())
                .containsExactly(uuidsBefore.get(P1 + " via " + NH_A));
    }

    @Test
    void aRaftClusterWhoseLeaderIsKilledEndsWithNbEqualToTheLocRib(Daemons daemons) throws Exception {
        OvnNbCluster cluster = daemons.ovnNbCluster(3);
        cluster.nbctl("lr-add", "GR_node1");
        cluster.nbctl("lr-route-add", "GR_node1", P1, FOREIGN_NH);
        int bridgePort = FreePorts.next();
        int httpPort = FreePorts.next();
        FrrBgpd torA = frr(daemons, "127.0.0.2", "10.255.0.2", bridgePort, NH_A, P1, P2);
        Path conf = config(daemons, bridgePort, httpPort, cluster.tcpRemotes(), "", List.of(torA));
        startBridge(daemons, conf, httpPort);
        await("rows")
                .atMost(SYNC)
                .pollInterval(POLL)
                .ignoreExceptions()
                .untilAsserted(() -> assertThat(ownedKeys(rows(cluster::nbctl)))
                        .containsExactly(P1 + " via " + NH_A, P2 + " via " + NH_A));

        int leader = cluster.leader();
        cluster.kill(leader);
        announce(torA, P3);
        withdraw(torA, P2);
        await("NB = Loc-RIB after the leader's death")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(POLL)
                .ignoreExceptions()
                .untilAsserted(() -> {
                    assertThat(ownedKeys(rows(cluster::nbctl)))
                            .containsExactly(P1 + " via " + NH_A, P3 + " via " + NH_A);
                    assertThat(status(httpPort, null)
                                    .path("northbound")
                                    .path("leader")
                                    .asBoolean())
                            .isTrue();
                });
        assertThat(foreignKeys(rows(cluster::nbctl))).containsExactly(P1 + " via " + FOREIGN_NH);
    }

    @Test
    void maxRoutesHoldsBackByTheStatedOrderAndBfdGuardsEachNextHop(Daemons daemons) throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        ovn.nbctl("lr-add", "GR_node1");
        ovn.nbctl("lrp-add", "GR_node1", "rtoe-GR_node1", "02:00:00:00:00:01", "203.0.113.1/24");
        int bridgePort = FreePorts.next();
        int httpPort = FreePorts.next();
        String wide = "198.18.0.0/15";
        FrrBgpd torA = frr(daemons, "127.0.0.2", "10.255.0.2", bridgePort, NH_A, P2, wide, P1);
        Path conf = config(
                daemons,
                bridgePort,
                httpPort,
                ovn.nbRemote(),
                "maxRoutes: 2, outputPort: \"rtoe-GR_{node}\", bfd: {enabled: true}",
                List.of(torA));
        startBridge(daemons, conf, httpPort);
        // 3 prefixes, room for 2: the /15 first, then the lower /24; P2 is held back
        await("two rows, one held back").atMost(SYNC).pollInterval(POLL).untilAsserted(() -> {
            assertThat(ownedKeys(rows(ovn::nbctl))).containsExactly(wide + " via " + NH_A, P1 + " via " + NH_A);
            JsonNode st = status(httpPort, P2);
            assertThat(st.path("routes").path("heldBack").asInt()).isEqualTo(1);
            assertThat(st.path("route").path("heldBack").asBoolean()).isTrue();
            assertThat(metric(metrics(httpPort), "ovn_bgp_bridge_routes_held_back"))
                    .isEqualTo(1.0);
        });
        // one BFD row for the next hop on the output port, referenced by both routes
        String bfd = ovn.nbctl(
                        "--bare", "--columns=_uuid", "find", "BFD", "logical_port=rtoe-GR_node1", "dst_ip=" + NH_A)
                .trim();
        assertThat(bfd).isNotEmpty();
        assertThat(rows(ovn::nbctl)).allSatisfy(r -> assertThat(r.bfd()).isEqualTo(bfd));
        assertThat(ovn.nbctl("--bare", "--columns=output_port", "list", "Logical_Router_Static_Route"))
                .contains("rtoe-GR_node1");

        // a withdrawal makes room: the held-back prefix is written
        withdraw(torA, wide);
        await("P2 admitted").atMost(SYNC).pollInterval(POLL).untilAsserted(() -> {
            assertThat(ownedKeys(rows(ovn::nbctl))).containsExactly(P1 + " via " + NH_A, P2 + " via " + NH_A);
            assertThat(status(httpPort, null).path("routes").path("heldBack").asInt())
                    .isZero();
        });
        // every route gone: our BFD row goes with them
        withdraw(torA, P1);
        withdraw(torA, P2);
        await("BFD row removed").atMost(SYNC).pollInterval(POLL).untilAsserted(() -> {
            assertThat(ownedKeys(rows(ovn::nbctl))).isEmpty();
            assertThat(ovn.nbctl("--bare", "--columns=_uuid", "list", "BFD").trim())
                    .isEmpty();
        });
    }
}
