package io.ovnbgp.e2e.ovn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.FreePorts;
import io.ovnbgp.e2e.harness.FrrBgpd;
import io.ovnbgp.e2e.harness.GoBgpd;
import io.ovnbgp.e2e.harness.OvnDatabases;
import io.ovnbgp.e2e.harness.RealDaemons;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue-5 cases beyond {@link StaticRouteReconcilerIT}: a peer's session loss with and without graceful restart
 * (kept for the restart time, same rows across the peer's restart; removed without GR or once the restart time is
 * over), ECMP from two different implementations (FRR and GoBGP) down to northd's {@code select(} flow, and IPv6
 * prefixes over an IPv4 session with a global next hop (a link-local one is never written without an output port).
 */
@ExtendWith(RealDaemons.class)
class ReconcilerMoreIT extends BridgeFixture {
    static final String P1 = "198.51.100.0/24";
    static final String NH_A = "203.0.113.2";
    static final String NH_B = "203.0.113.3";
    static final String NH_C = "203.0.113.4";
    static final String V6_GLOBAL = "2001:db8:100::/48";
    static final String V6_LL = "2001:db8:101::/48";
    static final String V6_NH = "2001:db8:ffff::2";

    /** An FRR ToR config, with graceful restart when {@code restartSeconds} is not 0. */
    static String frrConfig(
            String address,
            String routerId,
            int bridgePort,
            int restartSeconds,
            String v4NextHop,
            List<String> v4Networks) {
        return torConfig(address, routerId, FRR_AS, bridgePort, restartSeconds, v4Networks)
                .routeMap("out4", "set ip next-hop " + v4NextHop)
                .text();
    }

    /** tor-a with P1 and {@link #V6_GLOBAL}, the latter with a global and a link-local next hop. */
    static String v6Tor(int bridgePort) {
        return torConfig("127.0.0.2", "10.255.0.2", FRR_AS, bridgePort, 0, List.of(P1))
                .addressFamily(
                        "ipv6 unicast",
                        "neighbor 127.0.0.1 activate",
                        "neighbor 127.0.0.1 route-map out6 out",
                        "network " + V6_GLOBAL)
                .routeMap("out6", "set ipv6 next-hop global " + V6_NH, "set ipv6 next-hop local fe80::2")
                .routeMap("out4", "set ip next-hop " + NH_A)
                .text();
    }

    /** GoBGP in the FRRs' AS (so that its paths tie with theirs), connecting to the bridge; no graceful restart. */
    static String gobgpConfig(String address, String routerId, int port, int bridgePort, boolean ipv6) {
        return """
                [global.config]
                  as = %d
                  router-id = "%s"
                  port = %d
                  local-address-list = ["%s"]
                [[neighbors]]
                  [neighbors.config]
                    neighbor-address = "127.0.0.1"
                    peer-as = 64512
                  [neighbors.timers.config]
                    connect-retry = 1
                    hold-time = 9
                    keepalive-interval = 3
                  [neighbors.transport.config]
                    remote-port = %d
                    local-address = "%s"
                  [[neighbors.afi-safis]]
                    [neighbors.afi-safis.config]
                      afi-safi-name = "ipv4-unicast"
                """.formatted(FRR_AS, routerId, port, address, bridgePort, address) + (ipv6 ? """
                  [[neighbors.afi-safis]]
                    [neighbors.afi-safis.config]
                      afi-safi-name = "ipv6-unicast"
                """ : "");
    }

    static JsonNode peerStatus(int httpPort, String address) throws Exception {
        for (JsonNode p : status(httpPort, null).path("peers")) {
            if (p.path("address").asText().equals(address)) {
                return p;
            }
        }
        return JSON.createObjectNode();
    }

    static String uuidOf(List<NbRow> rows, String prefix, String nexthop) {
        return rows.stream()
                .filter(r -> "node1".equals(r.owner())
                        && r.prefix().equals(prefix)
                        && r.nexthop().equals(nexthop))
                .map(NbRow::uuid)
                .findFirst()
                .orElse(null);
    }

    /**
     * The bridge with tor-a and tor-b (FRR with graceful restart: A with a long restart time, 60 s, B with 5 s)
     * and, when started with it, tor-c (GoBGP, no graceful restart; else null). tor-a can be started again with
     * {@link #restartA}.
     */
    private record Running(
            Daemons daemons, FrrBgpd torA, int portA, String confA, FrrBgpd torB, GoBgpd torC, int httpPort) {
        /** tor-a back (same address and port) announcing the same prefix. */
        void restartA() {
            daemons.frr("127.0.0.2", portA, confA);
        }
    }

    /**
     * What the session-loss scenarios start from: the ToRs of {@link Running} (tor-c with {@code withTorC}), each
     * announcing P1, once NB holds one row of P1 per ToR and the bridge shows the restart time each
     * negotiated.
     */
    private static Running start(Daemons daemons, OvnDatabases ovn, boolean withTorC) throws Exception {
        ovn.nbctl("lr-add", "GR_node1");
        int bridgePort = FreePorts.next();
        int httpPort = FreePorts.next();
        int portA = FreePorts.next();
        int portB = FreePorts.next();
        int portC = FreePorts.next();
        // A: GR with a long restart time (it comes back); B: GR with 5 s (it does not); C: no GR at all
        String confA = frrConfig("127.0.0.2", "10.255.0.2", bridgePort, 60, NH_A, List.of(P1));
        FrrBgpd torA = daemons.frr("127.0.0.2", portA, confA);
        FrrBgpd torB =
                daemons.frr("127.0.0.3", portB, frrConfig("127.0.0.3", "10.255.0.3", bridgePort, 5, NH_B, List.of(P1)));
        List<BridgeFixture.Peer> peers = new ArrayList<>(List.of(
                new BridgeFixture.Peer("127.0.0.2", portA, "ipv4-unicast"),
                new BridgeFixture.Peer("127.0.0.3", portB, "ipv4-unicast")));
        List<String> rows = new ArrayList<>(List.of(P1 + " via " + NH_A, P1 + " via " + NH_B));
        GoBgpd torC = null;
        if (withTorC) {
            // (C is GoBGP: FRR sends a GR capability even with "bgp graceful-restart disable", GoBGP sends none)
            torC = daemons.gobgp(gobgpConfig("127.0.0.4", "10.255.0.4", portC, bridgePort, false));
            torC.gobgp("global", "rib", "add", "-a", "ipv4", P1, "origin", "igp", "nexthop", NH_C);
            peers.add(new BridgeFixture.Peer("127.0.0.4", portC, "ipv4-unicast"));
            rows.add(P1 + " via " + NH_C);
        }
        Path conf = BridgeFixture.configFor(daemons, bridgePort, httpPort, ovn.nbRemote(), "", peers);
        startBridge(daemons, conf, httpPort);

        await(rows.size() + " ECMP rows")
                .atMost(SYNC)
                .pollInterval(POLL)
                .untilAsserted(() -> assertThat(ownedKeys(rows(ovn::nbctl))).containsExactlyElementsOf(rows));
        // what each session negotiated: the peer's GR restart time as the bridge saw it (none for C)
        assertThat(peerStatus(httpPort, "127.0.0.2")
                        .path("negotiated")
                        .path("peerGracefulRestartSeconds")
                        .asInt())
                .isEqualTo(60);
        assertThat(peerStatus(httpPort, "127.0.0.3")
                        .path("negotiated")
                        .path("peerGracefulRestartSeconds")
                        .asInt())
                .isEqualTo(5);
        if (withTorC) {
            assertThat(peerStatus(httpPort, "127.0.0.4")
                            .path("negotiated")
                            .path("peerGracefulRestartSeconds")
                            .isNull())
                    .as("C negotiated no GR: %s", peerStatus(httpPort, "127.0.0.4"))
                    .isTrue();
        }
        return new Running(daemons, torA, portA, confA, torB, torC, httpPort);
    }

    @Test
    void aPeerWithoutGracefulRestartLosesItsNextHopAtOnceAndTheOthersKeepTheirRows(Daemons daemons) throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        Running up = start(daemons, ovn, true);
        List<NbRow> before = rows(ovn::nbctl);
        String uuidA = uuidOf(before, P1, NH_A);
        String uuidB = uuidOf(before, P1, NH_B);

        // no GR: gobgpd killed, its next hop leaves at once (not after any restart time)
        long t0 = System.nanoTime();
        up.torC().process().kill();
        await("C's row removed")
                .atMost(Duration.ofSeconds(4))
                .pollInterval(POLL)
                .untilAsserted(() -> assertThat(ownedKeys(rows(ovn::nbctl)))
                        .containsExactly(P1 + " via " + NH_A, P1 + " via " + NH_B));
        System.out.printf("no-GR next hop removed %d ms after SIGKILL%n", (System.nanoTime() - t0) / 1_000_000);
        assertThat(uuidOf(rows(ovn::nbctl), P1, NH_A)).isEqualTo(uuidA);
        assertThat(uuidOf(rows(ovn::nbctl), P1, NH_B)).isEqualTo(uuidB);
    }

    /**
     * One scenario, not two: A and B are lost together, and what is checked is what each keeps meanwhile: B's row
     * leaves when its restart time runs out while A is coming back, and A's row is watched throughout, through B's
     * removal and A's own End-of-RIB.
     */
    @Test
    void gracefulRestartPeersKeepTheirSameRowsForTheirRestartTimeAndAPeerBackInTimeKeepsItsRow(Daemons daemons)
            throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        Running up = start(daemons, ovn, false);
        int httpPort = up.httpPort();
        List<NbRow> before = rows(ovn::nbctl);
        String uuidA = uuidOf(before, P1, NH_A);
        String uuidB = uuidOf(before, P1, NH_B);

        // A's row is watched from here on: it must never be missing nor replaced, not even for one sample
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger samples = new AtomicInteger();
        AtomicReference<String> lostA = new AtomicReference<>();
        Thread watcher = new Thread(
                () -> {
                    while (!stop.get()) {
                        try {
                            String now = uuidOf(rows(ovn::nbctl), P1, NH_A);
                            samples.incrementAndGet();
                            if (!uuidA.equals(now)) {
                                lostA.compareAndSet(
                                        null, "row via " + NH_A + " was " + now + " at sample " + samples.get());
                            }
                            Thread.sleep(50); // the sampling pace of this watcher, not a wait for something
                        } catch (InterruptedException e) {
                            return;
                        } catch (RuntimeException e) {
                            lostA.compareAndSet(null, "nbctl failed: " + e);
                        }
                    }
                },
                "watch-row-A");
        watcher.start();
        try {
            // 1. GR: both killed with SIGKILL; their rows stay, the very same rows
            long t1 = System.nanoTime();
            up.torA().process().kill();
            up.torB().process().kill();
            await("bridge sees A and B down")
                    .atMost(Duration.ofSeconds(4))
                    .pollInterval(POLL)
                    .until(() -> !peerStatus(httpPort, "127.0.0.2")
                                    .path("state")
                                    .asText()
                                    .equals("Established")
                            && !peerStatus(httpPort, "127.0.0.3")
                                    .path("state")
                                    .asText()
                                    .equals("Established"));
            await("A and B kept as stale")
                    .during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(3))
                    .pollInterval(POLL)
                    .until(() -> {
                        List<NbRow> now = rows(ovn::nbctl);
                        return uuidA.equals(uuidOf(now, P1, NH_A))
                                && uuidB.equals(uuidOf(now, P1, NH_B))
                                && ownedKeys(now).size() == 2;
                    });
            assertThat(peerStatus(httpPort, "127.0.0.3")
                            .path("prefixes")
                            .path("stale")
                            .asInt())
                    .isEqualTo(1);

            // A comes back (same address and port) announcing the same prefix
            up.restartA();

            // 2. B's restart time (5 s) runs out: its next hop goes, not before
            await("B's row removed after its restart time")
                    .atMost(Duration.ofSeconds(15))
                    .pollInterval(POLL)
                    .until(() -> uuidOf(rows(ovn::nbctl), P1, NH_B) == null);
            long bGoneMs = (System.nanoTime() - t1) / 1_000_000;
            System.out.printf("GR next hop (restart-time 5) removed %d ms after SIGKILL%n", bGoneMs);
            assertThat(bGoneMs).as("B's row lived for its restart time").isGreaterThanOrEqualTo(4_500);

            // 3. A re-established, its End-of-RIB swept nothing: the same row, never removed in between
            await("A re-established and no longer stale")
                    .atMost(SYNC)
                    .pollInterval(POLL)
                    .untilAsserted(() -> {
                        JsonNode a = peerStatus(httpPort, "127.0.0.2");
                        assertThat(a.path("state").asText()).isEqualTo("Established");
                        assertThat(a.path("prefixes").path("accepted").asInt()).isEqualTo(1);
                        assertThat(a.path("prefixes").path("stale").asInt()).isZero();
                    });
            // a late removal would show within a second
            await("A's row stays")
                    .during(Duration.ofSeconds(1))
                    .atMost(Duration.ofSeconds(3))
                    .pollInterval(POLL)
                    .untilAsserted(() -> {
                        assertThat(ownedKeys(rows(ovn::nbctl))).containsExactly(P1 + " via " + NH_A);
                        assertThat(uuidOf(rows(ovn::nbctl), P1, NH_A)).isEqualTo(uuidA);
                    });
        } finally {
            stop.set(true);
            watcher.join(5_000);
        }
        assertThat(samples.get()).isGreaterThan(10);
        assertThat(lostA.get())
                .as("A's row from the SIGKILL to after its restart")
                .isNull();
    }

    @Test
    void onePrefixFromFrrAndGoBgpGivesTwoEcmpRowsAndNorthdsSelectFlow(Daemons daemons) throws Exception {
        OvnDatabases ovn = daemons.ovnCentral();
        ovn.nbctl("lr-add", "GR_node1");
        // a port whose networks hold the next hops, so that northd makes routing flows for them
        ovn.nbctl("lrp-add", "GR_node1", "rtoe-GR_node1", "02:00:00:00:00:01", "203.0.113.1/24");
        int bridgePort = FreePorts.next();
        int httpPort = FreePorts.next();
        int portA = FreePorts.next();
        int gobgpPort = FreePorts.next();
        daemons.frr("127.0.0.2", portA, frrConfig("127.0.0.2", "10.255.0.2", bridgePort, 0, NH_A, List.of(P1)));
        // GoBGP in the same AS, announcing the same prefix with equal attributes (origin IGP, AS path 65001)
        GoBgpd gobgp = daemons.gobgp(gobgpConfig("127.0.0.3", "10.255.0.3", gobgpPort, bridgePort, false));
        gobgp.gobgp("global", "rib", "add", "-a", "ipv4", P1, "origin", "igp", "nexthop", NH_B);
        Path conf = BridgeFixture.configFor(
                daemons,
                bridgePort,
                httpPort,
                ovn.nbRemote(),
                "",
                List.of(
                        new BridgeFixture.Peer("127.0.0.2", portA, "ipv4-unicast"),
                        new BridgeFixture.Peer("127.0.0.3", gobgpPort, "ipv4-unicast")));
        startBridge(daemons, conf, httpPort);

        await("two ECMP rows, one per implementation")
                .atMost(SYNC)
                .pollInterval(POLL)
                .untilAsserted(() -> assertThat(ownedKeys(rows(ovn::nbctl)))
                        .containsExactly(P1 + " via " + NH_A, P1 + " via " + NH_B));
        assertThat(ovn.nbctl("lr-route-list", "GR_node1"))
                .contains("ecmp")
                .contains(NH_A)
                .contains(NH_B);
        await("northd's ECMP flow").atMost(SYNC).pollInterval(POLL).untilAsserted(() -> {
            String flows = ovn.sbctl("lflow-list", "GR_node1");
            assertThat(flows).contains("select(");
            assertThat(flows.lines()
                            .filter(l -> l.contains("ip4.dst == " + P1) && l.contains("select("))
                            .toList())
                    .as("the ECMP group flow for %s", P1)
                    .hasSize(1);
            assertThat(flows).contains(NH_A).contains(NH_B);
        });
        JsonNode route = status(httpPort, P1).path("route");
        assertThat(route.path("nextHops").toString()).contains(NH_A, NH_B);

        // GoBGP withdraws: the group shrinks to FRR's next hop, FRR's row untouched
        String uuidA = uuidOf(rows(ovn::nbctl), P1, NH_A);
        gobgp.gobgp("global", "rib", "del", "-a", "ipv4", P1);
        await("GoBGP's next hop gone")
                .atMost(SYNC)
                .pollInterval(POLL)
                .untilAsserted(() -> assertThat(ownedKeys(rows(ovn::nbctl))).containsExactly(P1 + " via " + NH_A));
        assertThat(uuidOf(rows(ovn::nbctl), P1, NH_A)).isEqualTo(uuidA);
    }

    @Test
    void ipv6PrefixesOverAnIpv4SessionUseTheGlobalNextHopAndNeverALinkLocalOneWithoutAnOutputPort(Daemons daemons)
            throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        ovn.nbctl("lr-add", "GR_node1");
        int bridgePort = FreePorts.next();
        int httpPort = FreePorts.next();
        int portA = FreePorts.next();
        int gobgpPort = FreePorts.next();
        // FRR: V6_GLOBAL with a global next hop plus a link-local one (a 32-octet next hop, RFC 2545)
        FrrBgpd tor = daemons.frr("127.0.0.2", portA, v6Tor(bridgePort));
        // GoBGP: V6_LL whose only next hop is link-local (FRR refuses a link-local "global" next hop)
        GoBgpd gobgp = daemons.gobgp(gobgpConfig("127.0.0.3", "10.255.0.3", gobgpPort, bridgePort, true));
        gobgp.gobgp("global", "rib", "add", "-a", "ipv6", V6_LL, "origin", "igp", "nexthop", "fe80::5");
        Path conf = BridgeFixture.configFor(
                daemons,
                bridgePort,
                httpPort,
                ovn.nbRemote(),
                "",
                List.of(
                        new BridgeFixture.Peer("127.0.0.2", portA, "ipv4-unicast, ipv6-unicast"),
                        new BridgeFixture.Peer("127.0.0.3", gobgpPort, "ipv4-unicast, ipv6-unicast")));
        startBridge(daemons, conf, httpPort);

        await("IPv4 and IPv6 rows")
                .atMost(SYNC)
                .pollInterval(POLL)
                .untilAsserted(() -> assertThat(ownedKeys(rows(ovn::nbctl)))
                        .containsExactly(P1 + " via " + NH_A, V6_GLOBAL + " via " + V6_NH));
        JsonNode route = status(httpPort, V6_GLOBAL).path("route");
        assertThat(route.path("nextHops").toString()).contains(V6_NH).doesNotContain("fe80");
        // V6_LL reached the bridge's RIB (accepted from GoBGP) yet has no row: link-local and no ovn.outputPort
        await("GoBGP's link-local route accepted")
                .atMost(SYNC)
                .pollInterval(POLL)
                .untilAsserted(() -> assertThat(peerStatus(httpPort, "127.0.0.3")
                                .path("prefixes")
                                .path("accepted")
                                .asInt())
                        .isEqualTo(1));
        // what GoBGP sent us for it: the link-local next hop alone
        assertThat(gobgp.gobgp("neighbor", "127.0.0.1", "adj-out", "-a", "ipv6"))
                .contains(V6_LL)
                .contains("fe80::5");
        assertThat(status(httpPort, V6_LL).path("route").path("nextHops")).isEmpty();
        // a row written late would show within a second
        await("no link-local row")
                .during(Duration.ofSeconds(1))
                .atMost(Duration.ofSeconds(3))
                .pollInterval(POLL)
                .untilAsserted(() -> {
                    assertThat(ownedKeys(rows(ovn::nbctl)))
                            .containsExactly(P1 + " via " + NH_A, V6_GLOBAL + " via " + V6_NH);
                    assertThat(rows(ovn::nbctl)).noneMatch(r -> r.nexthop().startsWith("fe80"));
                });
        assertThat(status(httpPort, V6_LL).path("route").path("rows")).isEmpty();
        assertThat(tor.vtysh("show bgp ipv6 unicast neighbors 127.0.0.1 advertised-routes"))
                .contains(V6_GLOBAL);
    }
}
