package io.ovnbgp.e2e.bgp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ovnbgp.bgp.fsm.PeerSession;
import io.ovnbgp.bgp.fsm.SessionState;
import io.ovnbgp.bgp.policy.AdvertisePolicy;
import io.ovnbgp.bgp.policy.PrefixRule;
import io.ovnbgp.bgp.policy.ReceiveMode;
import io.ovnbgp.bgp.policy.ReceivePolicy;
import io.ovnbgp.bgp.rib.MaxPrefixAction;
import io.ovnbgp.bgp.rib.OriginAttributes;
import io.ovnbgp.bgp.rib.PeerRibConfig;
import io.ovnbgp.bgp.rib.Rib;
import io.ovnbgp.bgp.rib.RibPeer;
import io.ovnbgp.bgp.rib.RibSettings;
import io.ovnbgp.bgp.rib.RouteChange;
import io.ovnbgp.bgp.transport.BgpSpeaker;
import io.ovnbgp.bgp.wire.Communities;
import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.FreePorts;
import io.ovnbgp.e2e.harness.FrrBgpd;
import io.ovnbgp.e2e.harness.FrrConfig;
import io.ovnbgp.e2e.harness.RealDaemons;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Our speaker and RIB between two real FRR routers in one AS (the two ToRs of a node): ECMP over both, import
 * filters, our own prefix going out with its communities, a learned route never passed on, and max-prefix.
 */
@ExtendWith(RealDaemons.class)
class RibWithFrrIT extends OurSpeakers {
    private static final String TOR_A = "127.0.0.2";
    private static final String TOR_B = "127.0.0.3";
    private static final long TOR_AS = 65001;
    private final List<Rib> ribs = new ArrayList<>();

    @AfterEach
    void closeRibs() {
        ribs.forEach(Rib::close);
    }

    /** A ToR announcing {@code networks} with next hop {@code nextHop}, connecting to our port. */
    static String tor(String address, String routerId, int ourPort, String nextHop, String... networks) {
        return tor(0, address, routerId, ourPort, nextHop, networks);
    }

    /** The same with graceful restart when {@code restartSeconds} is not 0. */
    static String tor(
            int restartSeconds, String address, String routerId, int ourPort, String nextHop, String... networks) {
        FrrConfig c = FrrConfig.datacenter("tor").routeMapsAtOnce().routerBgp(TOR_AS);
        if (restartSeconds != 0) {
            c.gracefulRestart(restartSeconds);
        }
        List<String> v4 = new ArrayList<>();
        for (String n : networks) {
            v4.add("network " + n);
        }
        v4.add("neighbor " + US + " route-map out out");
        return c.routerId(routerId)
                .noEbgpPolicy()
                .noImportCheck()
                .neighbor(
                        US,
                        "remote-as " + OUR_AS,
                        "port " + ourPort,
                        "update-source " + address,
                        "timers 3 9",
                        "timers connect 1")
                .addressFamily("ipv4 unicast", v4)
                .routeMap("out", "set ip next-hop " + nextHop)
                .text();
    }

    @Test
    void twoTorsGiveEcmpFiltersApplyOurPrefixGoesOutAndNothingLearnedIsPassedOn(Daemons daemons) throws Exception {
        Rib rib = new Rib(RibSettings.of(OUR_AS, id(OUR_ID)));
        ribs.add(rib);
        BgpSpeaker speaker = speaker();
        // tor-a: everything; tor-b: only 198.51.100.0/24 (and longer up to /24) is accepted
        ReceivePolicy onlyShared = ReceivePolicy.of(
                ReceiveMode.FILTERED,
                List.of(PrefixRule.of(Prefix.parse("198.51.100.0/22"), null, 24)),
                new int[0],
                null);
        // next-hop self would be 127.0.0.1 here, which FRR drops as a martian next hop: give the node's address
        AdvertisePolicy withCommunity = AdvertisePolicy.DEFAULT
                .withCommunities(Communities.of(Communities.community(64512, 100)))
                .withNextHopSelf(false)
                .withIpv4NextHop(IpAddress.parse("203.0.113.10"));
        RibPeer ribA = rib.attach(
                "tor-a", PeerRibConfig.DEFAULT.withReceive(ReceivePolicy.ALL).withAdvertise(withCommunity));
        RibPeer ribB = rib.attach(
                "tor-b", PeerRibConfig.DEFAULT.withReceive(onlyShared).withAdvertise(withCommunity));
        int portA = FreePorts.next();
        int portB = FreePorts.next();
        PeerSession a = speaker.addPeer(peer("tor-a", TOR_A, portA, TOR_AS), ribA);
        PeerSession b = speaker.addPeer(peer("tor-b", TOR_B, portB, TOR_AS), ribB);
        a.start();
        b.start();
        FrrBgpd torA = daemons.frr(
                TOR_A,
                portA,
                tor(TOR_A, "10.255.0.2", speaker.listenPort(), "203.0.113.2", "198.51.100.0/24", "192.0.2.0/24"));
        FrrBgpd torB = daemons.frr(
                TOR_B,
                portB,
                tor(TOR_B, "10.255.0.3", speaker.listenPort(), "203.0.113.3", "198.51.100.0/24", "233.252.0.0/24"));
        await().atMost(SESSION_UP)
                .pollInterval(POLL)
                .until(() -> a.state() == SessionState.ESTABLISHED && b.state() == SessionState.ESTABLISHED);

        // ECMP: the same prefix from both ToRs, equal paths, two next hops in the change stream
        Prefix shared = Prefix.parse("198.51.100.0/24");
        await().atMost(ROUTES)
                .pollInterval(POLL)
                .untilAsserted(
                        () -> assertThat(rib.snapshot().get(5, TimeUnit.SECONDS).get(shared))
                                .containsExactly(IpAddress.parse("203.0.113.2"), IpAddress.parse("203.0.113.3")));
        List<RouteChange> changes = rib.changes().drainNow(1000);
        assertThat(changes).anySatisfy(c -> {
            assertThat(c.prefix()).isEqualTo(shared);
            assertThat(c.nextHops()).hasSize(2);
        });
        // tor-a's other prefix is accepted; tor-b's is filtered out by its prefix list
        Map<Prefix, List<IpAddress>> loc = rib.snapshot().get(5, TimeUnit.SECONDS);
        assertThat(loc).containsKey(Prefix.parse("192.0.2.0/24")).doesNotContainKey(Prefix.parse("233.252.0.0/24"));
        assertThat(ribB.stats().get(5, TimeUnit.SECONDS).rejected()).isGreaterThanOrEqualTo(1);

        // our own prefix goes to both with the export community; nothing learned is passed on
        rib.originate(Prefix.parse("10.244.1.0/24"), OriginAttributes.DEFAULT);
        for (FrrBgpd tor : List.of(torA, torB)) {
            await().atMost(ROUTES).pollInterval(POLL).untilAsserted(() -> {
                JsonNode routes = tor.vtyshJson("show bgp ipv4 unicast json").path("routes");
                assertThat(routes.has("10.244.1.0/24"))
                        .as("our prefix at %s: %s", tor.address(), routes)
                        .isTrue();
            });
            JsonNode ours = tor.vtyshJson("show bgp ipv4 unicast 10.244.1.0/24 json")
                    .path("paths")
                    .get(0);
            assertThat(ours.path("community").path("string").asText()).isEqualTo("64512:100");
            assertThat(ours.path("aspath").path("string").asText()).isEqualTo("64512");
            assertThat(ours.path("nexthops").get(0).path("ip").asText()).isEqualTo("203.0.113.10");
        }
        // give a would-be transit announcement every chance to arrive (3 s), looking all along
        await("nothing passed on")
                .during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(5))
                .pollInterval(POLL)
                .untilAsserted(() -> {
                    JsonNode atB = torB.vtyshJson("show bgp ipv4 unicast json").path("routes");
                    assertThat(atB.has("192.0.2.0/24"))
                            .as("tor-a's route must never reach tor-b: %s", atB)
                            .isFalse();
                    JsonNode atA = torA.vtyshJson("show bgp ipv4 unicast json").path("routes");
                    assertThat(atA.has("233.252.0.0/24"))
                            .as("tor-b's route must never reach tor-a: %s", atA)
                            .isFalse();
                });
        assertThat(ribA.stats().get(5, TimeUnit.SECONDS).advertised()).isEqualTo(1);

        // tor-b withdraws the shared prefix: the ECMP set shrinks to tor-a's next hop
        torB.configure("router bgp " + TOR_AS, "address-family ipv4 unicast", "no network 198.51.100.0/24");
        await().atMost(ROUTES)
                .pollInterval(POLL)
                .untilAsserted(
                        () -> assertThat(rib.snapshot().get(5, TimeUnit.SECONDS).get(shared))
                                .containsExactly(IpAddress.parse("203.0.113.2")));
    }

    @Test
    void aPeerOverItsPrefixLimitIsTornDownWithCeaseMaximumPrefixes(Daemons daemons) throws Exception {
        Rib rib = new Rib(RibSettings.of(OUR_AS, id(OUR_ID)));
        ribs.add(rib);
        BgpSpeaker speaker = speaker();
        RibPeer ribA = rib.attach(
                "tor-a",
                PeerRibConfig.DEFAULT
                        .withReceive(ReceivePolicy.ALL)
                        .withMaxPrefixes(2, MaxPrefixAction.TEARDOWN, Duration.ofSeconds(60)));
        int portA = FreePorts.next();
        PeerSession a = speaker.addPeer(peer("tor-a", TOR_A, portA, TOR_AS), ribA);
        a.start();
        FrrBgpd torA = daemons.frr(
                TOR_A,
                portA,
                tor(
                        TOR_A,
                        "10.255.0.2",
                        speaker.listenPort(),
                        "203.0.113.2",
                        "198.51.100.0/24",
                        "192.0.2.0/24",
                        "233.252.0.0/24"));
        // FRR records the NOTIFICATION it received: Cease / Maximum Number of Prefixes Reached (RFC 4486)
        await().atMost(SESSION_UP)
                .pollInterval(POLL)
                .untilAsserted(() -> assertThat(torA.vtyshJson("show bgp neighbors " + US + " json")
                                .path(US)
                                .path("lastNotificationReason")
                                .asText())
                        .contains("Cease")
                        .contains("Maximum Number of Prefixes Reached"));
        assertThat(ribA.stats().get(5, TimeUnit.SECONDS).teardowns()).isEqualTo(1);
        // and it stays down for the configured interval rather than flapping
        await("stays down")
                .during(Duration.ofSeconds(3))
                .atMost(Duration.ofSeconds(5))
                .pollInterval(POLL)
                .untilAsserted(() -> assertThat(a.state()).isNotEqualTo(SessionState.ESTABLISHED));
        assertThat(rib.prefixCount().get(5, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void aGracefullyRestartingTorKeepsItsRoutesWithoutAFlapUntilItsEndOfRib(Daemons daemons) throws Exception {
        Rib rib = new Rib(RibSettings.of(OUR_AS, id(OUR_ID)));
        ribs.add(rib);
        BgpSpeaker speaker = speaker();
        RibPeer ribA = rib.attach("tor-a", PeerRibConfig.DEFAULT.withReceive(ReceivePolicy.ALL));
        int portA = FreePorts.next();
        PeerSession a =
                speaker.addPeer(peer("tor-a", TOR_A, portA, TOR_AS).withGracefulRestart(Duration.ofSeconds(60)), ribA);
        a.start();
        FrrBgpd first = daemons.frr(
                TOR_A,
                portA,
                tor(60, TOR_A, "10.255.0.2", speaker.listenPort(), "203.0.113.2", "198.51.100.0/24", "192.0.2.0/24"));
        Prefix kept = Prefix.parse("198.51.100.0/24");
        Prefix dropped = Prefix.parse("192.0.2.0/24");
        await().atMost(SESSION_UP)
                .pollInterval(POLL)
                .untilAsserted(() ->
                        assertThat(rib.snapshot().get(5, TimeUnit.SECONDS)).containsKeys(kept, dropped));
        assertThat(a.negotiated().orElseThrow().peerGracefulRestart()).isPresent();
        rib.changes().drainNow(1000);

        // bgpd dies without a NOTIFICATION: its paths stay, marked stale, and nothing is withdrawn
        first.process().kill();
        await().atMost(SESSION_UP).pollInterval(POLL).until(() -> a.state() != SessionState.ESTABLISHED);
        await().atMost(ROUTES)
                .pollInterval(POLL)
                .until(() -> ribA.stats().get(5, TimeUnit.SECONDS).stale() == 2);
        assertThat(rib.snapshot().get(5, TimeUnit.SECONDS)).containsKeys(kept, dropped);

        // it comes back announcing only one of the two; after its End-of-RIB the other goes, the first never did
        daemons.frr(TOR_A, portA, tor(60, TOR_A, "10.255.0.2", speaker.listenPort(), "203.0.113.2", "198.51.100.0/24"));
        await().atMost(SESSION_UP).pollInterval(POLL).untilAsserted(() -> {
            assertThat(a.state()).isEqualTo(SessionState.ESTABLISHED);
            assertThat(rib.snapshot().get(5, TimeUnit.SECONDS))
                    .containsKey(kept)
                    .doesNotContainKey(dropped);
            assertThat(ribA.stats().get(5, TimeUnit.SECONDS).stale()).isZero();
        });
        List<RouteChange> changes = rib.changes().drainNow(1000);
        assertThat(changes).noneMatch(c -> c.prefix().equals(kept) && c.isWithdrawal());
        assertThat(changes).anyMatch(c -> c.prefix().equals(dropped) && c.isWithdrawal());
    }

    @Test
    void manyOriginatedPrefixesArePackedIntoFewUpdates(Daemons daemons) throws Exception {
        Rib rib = new Rib(RibSettings.of(OUR_AS, id(OUR_ID)));
        ribs.add(rib);
        BgpSpeaker speaker = speaker();
        RibPeer ribA = rib.attach(
                "tor-a",
                PeerRibConfig.DEFAULT.withAdvertise(AdvertisePolicy.DEFAULT
                        .withNextHopSelf(false)
                        .withIpv4NextHop(IpAddress.parse("203.0.113.10"))));
        int portA = FreePorts.next();
        PeerSession a = speaker.addPeer(peer("tor-a", TOR_A, portA, TOR_AS), ribA);
        int n = 2000;
        for (int i = 0; i < n; i++) {
            rib.originate(Prefix.ipv4((10 << 24) | (i << 8), 24), OriginAttributes.DEFAULT);
        }
        a.start();
        FrrBgpd torA = daemons.frr(TOR_A, portA, tor(TOR_A, "10.255.0.2", speaker.listenPort(), "203.0.113.2"));
        await().atMost(SESSION_UP)
                .pollInterval(POLL)
                .untilAsserted(() -> assertThat(torA.vtyshJson("show bgp ipv4 unicast summary json")
                                .path("peers")
                                .path(US)
                                .path("pfxRcd")
                                .asLong())
                        .isEqualTo(n));
        // one attribute set: 2000 /24s fit in a handful of UPDATEs (4 octets each), plus the End-of-RIB
        long updates = a.counters().out(io.ovnbgp.bgp.wire.MessageType.UPDATE);
        assertThat(updates).as("UPDATEs sent for %d prefixes", n).isLessThanOrEqualTo(5);
    }
}
