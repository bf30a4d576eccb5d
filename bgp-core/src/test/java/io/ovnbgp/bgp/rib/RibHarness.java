package io.ovnbgp.bgp.rib;

import io.ovnbgp.bgp.fsm.Negotiated;
import io.ovnbgp.bgp.fsm.SessionEvent;
import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.AsPath;
import io.ovnbgp.bgp.wire.Capability;
import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.MpNextHop;
import io.ovnbgp.bgp.wire.NotificationMessage;
import io.ovnbgp.bgp.wire.OpenMessage;
import io.ovnbgp.bgp.wire.Origin;
import io.ovnbgp.bgp.wire.PathAttributes;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bgp.wire.UpdateMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** A RIB on a manual loop with fake sessions: deterministic, no threads, no sockets. */
final class RibHarness {
    static final long LOCAL_AS = 64512;
    final ManualLoop loop = new ManualLoop();
    final Rib rib;
    private long clock = 1_000;

    RibHarness() {
        this(RibSettings.of(LOCAL_AS, ip4("10.0.0.100")));
    }

    RibHarness(RibSettings settings) {
        this.rib = new Rib(settings, loop);
    }

    static int ip4(String dotted) {
        return IpAddress.parse(dotted).v4Bits();
    }

    static Prefix p(String s) {
        return Prefix.parse(s);
    }

    static IpAddress a(String s) {
        return IpAddress.parse(s);
    }

    /** Session facts for tests; GR restart time 0 = no GR capability. */
    static final class Session {
        long remoteAs;
        String routerId;
        String address;
        String localAddress = "192.0.2.10";
        int grRestartTime;
        /** The families the GR capability lists; null = all negotiated families. */
        Set<AfiSafi> grFamilies;

        boolean grForwarding = true;
        boolean enhancedRefresh = true;
        boolean routeRefresh = true;
        boolean extendedMessage;
        Set<AfiSafi> families = Set.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST);

        Negotiated negotiated() {
            List<Capability> caps = new ArrayList<>();
            if (grRestartTime > 0) {
                caps.add(new Capability.GracefulRestart(
                        false,
                        false,
                        grRestartTime,
                        (grFamilies == null ? families : grFamilies)
                                .stream()
                                        .map(f -> new Capability.GrFamily(f, grForwarding))
                                        .toList()));
            }
            OpenMessage sent = OpenMessage.of(LOCAL_AS, 90, ip4("10.0.0.100"), List.of());
            OpenMessage received = OpenMessage.of(remoteAs, 90, ip4(routerId), caps);
            return new Negotiated(
                    remoteAs,
                    ip4(routerId),
                    90,
                    30,
                    true,
                    extendedMessage,
                    families,
                    routeRefresh,
                    enhancedRefresh,
                    received.capability(Capability.GracefulRestart.class),
                    sock(localAddress),
                    sock(address),
                    sent,
                    received);
        }

        private static InetSocketAddress sock(String a) {
            try {
                return new InetSocketAddress(InetAddress.getByName(a), 179);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(e);
            }
        }
    }

    final class TestPeer {
        final RibPeer handle;
        final FakeLink link = new FakeLink();
        final Session session = new Session();

        TestPeer(String name, PeerRibConfig config, long remoteAs, String routerId, String address) {
            handle = rib.attach(name, config);
            session.remoteAs = remoteAs;
            session.routerId = routerId;
            session.address = address;
        }

        TestPeer gr(int restartTime) {
            session.grRestartTime = restartTime;
            return this;
        }

        TestPeer grFamilies(AfiSafi... families) {
            session.grFamilies = Set.of(families);
            return this;
        }

        TestPeer up() {
            event(new SessionEvent.Up(session.negotiated()));
            return this;
        }

        TestPeer down() {
            event(new SessionEvent.Down("connection closed by peer", null, null));
            return this;
        }

        TestPeer downWith(NotificationMessage received) {
            event(new SessionEvent.Down("received NOTIFICATION", null, received));
            return this;
        }

        TestPeer event(SessionEvent e) {
            handle.deliver(link, e, clock++);
            loop.runAll();
            return this;
        }

        TestPeer send(UpdateMessage u) {
            return event(new SessionEvent.Routes(u));
        }

        /** Announces prefixes (IPv4 classic, IPv6 MP) with attributes whose next hop is nh. */
        TestPeer announce(PathAttributes.Builder attrs, String nh, String... prefixes) {
            List<Prefix> v4 = new ArrayList<>();
            List<Prefix> v6 = new ArrayList<>();
            for (String s : prefixes) {
                Prefix x = p(s);
                (x.isIpv6() ? v6 : v4).add(x);
            }
            IpAddress hop = a(nh);
            if (!v4.isEmpty()) {
                send(UpdateMessage.announce(attrs.nextHop(hop).mpNextHop(null).build(), v4));
            }
            if (!v6.isEmpty()) {
                send(UpdateMessage.mpAnnounce(
                        AfiSafi.IPV6_UNICAST,
                        attrs.nextHop(null).mpNextHop(MpNextHop.of(hop)).build(),
                        v6));
            }
            return this;
        }

        TestPeer withdraw(String... prefixes) {
            List<Prefix> v4 = Arrays.stream(prefixes)
                    .map(RibHarness::p)
                    .filter(x -> !x.isIpv6())
                    .toList();
            List<Prefix> v6 = Arrays.stream(prefixes)
                    .map(RibHarness::p)
                    .filter(Prefix::isIpv6)
                    .toList();
            if (!v4.isEmpty()) {
                send(UpdateMessage.withdraw(v4));
            }
            if (!v6.isEmpty()) {
                send(UpdateMessage.mpWithdraw(AfiSafi.IPV6_UNICAST, v6));
            }
            return this;
        }

        PeerRibStats stats() {
            return get(handle.stats());
        }
    }

    /** Attributes with ORIGIN IGP and this AS_PATH. */
    static PathAttributes.Builder attrs(long... asPath) {
        return PathAttributes.builder().origin(Origin.IGP).asPath(AsPath.sequence(asPath));
    }

    TestPeer peer(String name, PeerRibConfig config, long remoteAs, String routerId, String address) {
        TestPeer t = new TestPeer(name, config, remoteAs, routerId, address);
        loop.runAll();
        return t;
    }

    /** An eBGP peer accepting everything. */
    TestPeer ebgp(String name, long remoteAs, String routerId, String address) {
        return peer(
                name,
                PeerRibConfig.DEFAULT.withReceive(io.ovnbgp.bgp.policy.ReceivePolicy.ALL),
                remoteAs,
                routerId,
                address);
    }

    <T> T get(CompletableFuture<T> f) {
        loop.runAll();
        return f.getNow(null);
    }

    List<IpAddress> nextHops(String prefix) {
        return get(rib.snapshot()).getOrDefault(p(prefix), List.of());
    }

    List<PathView> paths(String prefix) {
        return get(rib.paths(p(prefix)));
    }

    List<PathView> best(String prefix) {
        return get(rib.bestPaths(p(prefix)));
    }

    LearnedPage learned(int limit) {
        return get(rib.learned(limit));
    }

    Map<Prefix, List<IpAddress>> snapshot() {
        return get(rib.snapshot());
    }

    List<RouteChange> changes() {
        loop.runAll();
        return rib.changes().drainNow(Integer.MAX_VALUE);
    }

    void advance(Duration d) {
        loop.advance(d);
    }
}
