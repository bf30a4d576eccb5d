package io.ovnbgp.bgp.rib;

import static io.ovnbgp.bgp.rib.RibHarness.a;
import static io.ovnbgp.bgp.rib.RibHarness.attrs;
import static org.assertj.core.api.Assertions.assertThat;

import io.ovnbgp.bgp.fsm.SessionEvent;
import io.ovnbgp.bgp.rib.RibHarness.TestPeer;
import io.ovnbgp.bgp.wire.AsPath;
import io.ovnbgp.bgp.wire.Communities;
import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.Origin;
import io.ovnbgp.bgp.wire.PathAttributes;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bgp.wire.UpdateMessage;
import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

class InterningAndMemoryTest {
    private static final Logger LOG = LoggerFactory.getLogger(InterningAndMemoryTest.class);

    @Test
    void equalAttributeSetsFromDifferentUpdatesAndPeersAreOneObject() {
        RibHarness h = new RibHarness();
        TestPeer x = h.ebgp("x", 65001, "10.0.0.1", "192.0.2.1").up();
        TestPeer y = h.ebgp("y", 65001, "10.0.0.2", "192.0.2.2").up();
        int c = Communities.community(65001, 7);
        // built separately: equal, not identical
        x.announce(attrs(65001, 65100).communities(Communities.of(c)), "203.0.113.1", "10.1.0.0/16");
        x.announce(attrs(65001, 65100).communities(Communities.of(c)), "203.0.113.1", "10.2.0.0/16");
        y.announce(attrs(65001, 65100).communities(Communities.of(c)), "203.0.113.1", "10.3.0.0/16");
        PathAttributes a1 = h.paths("10.1.0.0/16").get(0).attributes();
        PathAttributes a2 = h.paths("10.2.0.0/16").get(0).attributes();
        PathAttributes a3 = h.paths("10.3.0.0/16").get(0).attributes();
        assertThat(a2).isSameAs(a1);
        assertThat(a3).isSameAs(a1);
        // a different set (another MED) still shares the AS_PATH and COMMUNITIES objects
        x.announce(attrs(65001, 65100).communities(Communities.of(c)).med(5), "203.0.113.1", "10.4.0.0/16");
        PathAttributes a4 = h.paths("10.4.0.0/16").get(0).attributes();
        assertThat(a4).isNotSameAs(a1);
        assertThat(a4.asPath().orElseThrow()).isSameAs(a1.asPath().orElseThrow());
        assertThat(a4.communities()).isSameAs(a1.communities());
    }

    @Test
    void attributeSetsNoPathHoldsAnyMoreAreDropped() {
        RibHarness h = new RibHarness();
        TestPeer x = h.ebgp("x", 65001, "10.0.0.1", "192.0.2.1").up();
        TestPeer s = h.peer(
                        "s",
                        PeerRibConfig.DEFAULT
                                .withReceive(io.ovnbgp.bgp.policy.ReceivePolicy.ALL)
                                .withSoftReconfigInbound(true),
                        65002,
                        "10.0.0.2",
                        "192.0.2.2")
                .up();
        for (int i = 0; i < 50; i++) {
            x.announce(attrs(65001).med(i), "203.0.113.1", "10.1." + i + ".0/24");
            s.announce(attrs(65002).med(i), "203.0.113.2", "10.1." + i + ".0/24", "10.2." + i + ".0/24");
        }
        // x: 50 sets; s: 50 pre-policy + 50 with LOCAL_PREF 100
        assertThat(h.rib.core().internedSets()).isEqualTo(150);
        x.announce(attrs(65001), "203.0.113.1", "10.1.0.0/24"); // replaces the MED 0 set of x
        assertThat(h.rib.core().internedSets()).isEqualTo(150);
        s.handle.reconfigure(PeerRibConfig.DEFAULT
                .withReceive(io.ovnbgp.bgp.policy.ReceivePolicy.NONE)
                .withSoftReconfigInbound(true));
        h.loop.runAll();
        assertThat(h.rib.core().internedSets()).isEqualTo(100); // s's post-policy sets went
        s.down();
        x.withdraw(IntStream.range(0, 50).mapToObj(i -> "10.1." + i + ".0/24").toArray(String[]::new));
        assertThat(h.rib.core().internedSets()).isZero();
        assertThat(h.get(h.rib.prefixCount())).isZero();
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50); // part of the measurement: lets the collector settle between the readings
            used = Math.min(
                    used,
                    ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    /**
     * A full-table-like load from one peer: 300k IPv4 prefixes, 400 per UPDATE, 3000 distinct attribute sets.
     * What the RIB retains, measured as the heap in use after full GCs, must stay under 150 bytes per route.
     */
    @Test
    void componentPoolsForgetWhatDroppedSetsUsedAndKeepTheLiveOnesCanonical() {
        AttributeInterner in = new AttributeInterner();
        RouteAttrs live = in.intern(PathAttributes.builder()
                .asPath(AsPath.sequence(65001, 1))
                .nextHop(IpAddress.parse("192.0.2.1"))
                .build());
        in.retain(live);
        for (int i = 0; i < 5000; i++) {
            RouteAttrs r = in.intern(PathAttributes.builder()
                    .asPath(AsPath.sequence(65001, 100_000 + i))
                    .nextHop(IpAddress.parse("192.0.2.1"))
                    .build());
            in.retain(r);
            in.release(r);
        }
        in.purge();
        assertThat(in.size()).isEqualTo(1);
        assertThat(in.pooledPaths()).as("paths of dropped sets are forgotten").isEqualTo(1);
        // a new set with the live set's AS path shares the live set's instance
        RouteAttrs again = in.intern(PathAttributes.builder()
                .asPath(AsPath.sequence(65001, 1))
                .med(5)
                .nextHop(IpAddress.parse("192.0.2.1"))
                .build());
        assertThat(again.attrs.asPath().orElseThrow())
                .isSameAs(live.attrs.asPath().orElseThrow());
    }

    @Test
    void aSinglePeerFullTableRetainsAtMost150BytesPerRoute() throws Exception {
        int routes = 300_000;
        int perUpdate = Integer.getInteger("perUpdate", 400);
        RibHarness h = new RibHarness();
        TestPeer x = h.ebgp("x", 65001, "10.0.0.1", "192.0.2.1").up();
        int distinctPaths = Integer.getInteger("distinctPaths", 3000);
        long before = usedHeapAfterGc();
        int base = 0x01000000;
        for (int u = 0; u < routes / perUpdate; u++) {
            List<Prefix> ps = new ArrayList<>(perUpdate);
            for (int i = 0; i < perUpdate; i++) {
                ps.add(Prefix.ipv4(base + ((u * perUpdate + i) << 8), 24));
            }
            // a new AsPath object per UPDATE, as the decoder makes them; equal ones every distinctPaths UPDATEs
            int k = u % distinctPaths;
            AsPath path = AsPath.sequence(65001, 1000 + (k * 7919L) % 50000, 1000 + (k * 104729L) % 50000, 100_000 + k);
            PathAttributes a = PathAttributes.builder()
                    .origin(Origin.IGP)
                    .asPath(path)
                    .nextHop(IpAddress.parse("203.0.113.1"))
                    .med(u % 7)
                    .communities(Communities.of(Communities.community(65001, u % 5)))
                    .build();
            x.handle.deliver(x.link, new SessionEvent.Routes(UpdateMessage.announce(a, ps)), u);
            if (u % 50 == 0) {
                h.loop.runAll();
                h.rib.changes().drainNow(Integer.MAX_VALUE); // the OVN writer keeps up
            }
        }
        h.loop.runAll();
        h.rib.changes().drainNow(Integer.MAX_VALUE);
        long after = usedHeapAfterGc();
        assertThat(h.get(h.rib.prefixCount())).isEqualTo(routes);
        assertThat(h.nextHops("1.0.0.0/24")).containsExactly(a("203.0.113.1"));
        double perRoute = (after - before) / (double) routes;
        LOG.warn(
                "retained heap: {} bytes for {} routes = {} bytes/route ({} interned attribute sets)",
                after - before,
                routes,
                String.format("%.1f", perRoute),
                h.rib.core().internedSets());
        assertThat(perRoute).isLessThan(150);
        assertThat(h.rib.core().internedSets()).isLessThan(10_000);
        Reference.reachabilityFence(h);
    }
}
