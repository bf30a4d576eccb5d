package io.ovnbgp.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.ovnbgp.bgp.fsm.PeerSession;
import io.ovnbgp.bgp.fsm.PeerSettings;
import io.ovnbgp.bgp.policy.ReceivePolicy;
import io.ovnbgp.bgp.rib.MaxPrefixAction;
import io.ovnbgp.bgp.rib.PeerRibConfig;
import io.ovnbgp.bgp.rib.Rib;
import io.ovnbgp.bgp.rib.RibSettings;
import io.ovnbgp.bgp.transport.BgpSpeaker;
import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.AsPath;
import io.ovnbgp.bgp.wire.CodecContext;
import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.MessageCodec;
import io.ovnbgp.bgp.wire.Origin;
import io.ovnbgp.bgp.wire.PathAttributes;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bgp.wire.UpdateMessage;
import io.ovnbgp.bridge.metrics.BridgeMetrics;
import io.ovnbgp.bridge.ovn.StaticRouteReconciler;
import io.ovnbgp.e2e.harness.FreePorts;
import io.ovnbgp.ovsdb.client.Uuid;
import io.ovnbgp.ovsdb.nb.LogicalRouter;
import io.ovnbgp.ovsdb.nb.NbScope;
import io.ovnbgp.ovsdb.nb.NorthboundClient;
import io.ovnbgp.ovsdb.nb.NorthboundOptions;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The bridge under test, in this JVM: our {@link BgpSpeaker}, {@link Rib} and {@link StaticRouteReconciler} as
 * {@code BridgeDaemon} wires them (minus the HTTP server), on a {@link NorthboundClient} monitoring only this node's
 * part of NB ({@link #SCOPE}), fed by a real BGP session from a {@link FastSender}. The reconciler's commit listener
 * gives the lag: from the {@code System.nanoTime} the RIB stamps on the UPDATE when the session hands it over to the
 * return of the NB transaction that carries it.
 */
final class SyncBridge implements AutoCloseable {
    static final String ROUTER = "lr0";
    static final String NODE = "bench-a";
    /** What this node's bridge needs of NB, as the monitor conditions (once the client sends them). */
    static final NbScope SCOPE = new NbScope(ROUTER, "", "", StaticRouteReconciler.OWNER_KEY, NODE);

    private static final long FEED_AS = 65001;
    private static final long OUR_AS = 65002;
    private static final String OUR_ADDR = "127.0.0.2";
    private static final String FEED_ADDR = "127.0.0.1";
    private static final String NEXT_HOP = "203.0.113.1";
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final Duration PRELOAD = Duration.ofMinutes(10);
    private static final CodecContext CTX = new CodecContext(true, false, Set.of(AfiSafi.IPV4_UNICAST));

    record Commit(Map<String, Long> arrivals, long commitNanos, int rowsOwned) {}

    private final LinkedBlockingQueue<Commit> commits = new LinkedBlockingQueue<>();
    private final Rib rib = new Rib(RibSettings.of(OUR_AS, 0x0A000002));
    private final BgpSpeaker speaker;
    private final PeerSession session;
    private final StaticRouteReconciler reconciler;
    private final NbLinkEvents events;
    private final NorthboundClient nb;
    private FastSender feed;

    private SyncBridge(NorthboundOptions options) throws Exception {
        int port = FreePorts.next();
        speaker = BgpSpeaker.start(InetAddress.getByName(OUR_ADDR), port);
        PeerRibConfig receiveAll = PeerRibConfig.DEFAULT
                .withReceive(ReceivePolicy.ALL)
                .withMaxPrefixes(0, MaxPrefixAction.WARN, Duration.ZERO);
        session = speaker.addPeer(
                PeerSettings.basic("feed", InetAddress.getByName(FEED_ADDR), 179, OUR_AS, FEED_AS, 0x0A000002)
                        .withPassive(true)
                        .withTimers(180, 60, Duration.ofSeconds(5)),
                rib.attach("feed", receiveAll));
        session.start();
        reconciler = new StaticRouteReconciler(
                new StaticRouteReconciler.Settings(
                        NODE, ROUTER, "", "", "dst-ip", 1_000_000, false, 0, 0, 0, Duration.ofMinutes(5)),
                rib,
                () -> null,
                new BridgeMetrics(NODE, "bench"));
        reconciler.commitListener((arrivals, nanos, rows) -> commits.add(new Commit(arrivals, nanos, rows)));
        events = new NbLinkEvents(reconciler);
        nb = NorthboundClient.start(options.withScope(SCOPE), events);
        reconciler.start(nb);
        if (!nb.awaitSynced(Duration.ofSeconds(30))) {
            throw new IllegalStateException("Northbound client not synced");
        }
        feed = FastSender.connect(
                new InetSocketAddress(FEED_ADDR, 0), new InetSocketAddress(OUR_ADDR, port), FEED_AS, 0x0A000001);
    }

    /** Starts the bridge on {@code options} (its scope replaced by {@link #SCOPE}) and waits for its first sync. */
    static SyncBridge start(NorthboundOptions options) throws Exception {
        return new SyncBridge(options);
    }

    NorthboundClient nb() {
        return nb;
    }

    NbLinkEvents events() {
        return events;
    }

    Uuid router() {
        return nb.snapshot().router(ROUTER).map(LogicalRouter::uuid).orElseThrow();
    }

    /**
     * Announces {@code routes} prefixes (500 per UPDATE) and waits until the reconciler owns that many rows. It
     * watches the rows owned, not the commits: when the NB connection drops under a large transaction (a busy server
     * missing the inactivity probe), the transaction may have committed unseen, and the resync adopts its rows
     * without another commit.
     */
    double preload(int routes) throws Exception {
        long t = System.nanoTime();
        feed.send(announce(prefixes(10, 0, routes), 500));
        long deadline = t + PRELOAD.toNanos();
        while (rowsOwned() != routes) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException(
                        "the bridge owns " + rowsOwned() + " rows, not " + routes + ", after " + PRELOAD);
            }
            Thread.sleep(20);
        }
        double seconds = (System.nanoTime() - t) / 1e9;
        quiet();
        return seconds;
    }

    /** Announces (or withdraws) {@code p} and returns the lag of the commit that carried it, in ns. */
    long change(Prefix p, boolean announce) throws Exception {
        byte[] u = announce ? announce(List.of(p), 1).get(0) : encode(UpdateMessage.withdraw(List.of(p)));
        feed.send(List.of(u));
        String key = p.toString();
        while (true) {
            Commit c = take("change of " + key);
            Long arrival = c.arrivals().get(key);
            if (arrival != null && arrival != 0) {
                return c.commitNanos() - arrival;
            }
        }
    }

    int rowsOwned() {
        return reconciler.view().stats().rowsOwned();
    }

    /** Waits until no commit came for a second, and forgets the ones that did. */
    void quiet() throws InterruptedException {
        while (commits.poll(1, TimeUnit.SECONDS) != null) {
            // drain
        }
    }

    private Commit take(String what) throws Exception {
        Commit c = commits.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (c == null) {
            throw new TimeoutException("no commit for " + what + " within " + WAIT);
        }
        return c;
    }

    /** {@code n} consecutive /24s from {@code first.second.0.0/24}. */
    static List<Prefix> prefixes(int first, int second, int n) {
        List<Prefix> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Prefix.ipv4((first << 24) + (second << 16) + (i << 8), 24));
        }
        return out;
    }

    private static List<byte[]> announce(List<Prefix> prefixes, int perUpdate) {
        PathAttributes attrs = PathAttributes.builder()
                .origin(Origin.IGP)
                .asPath(AsPath.sequence(FEED_AS))
                .nextHop(IpAddress.parse(NEXT_HOP))
                .build();
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < prefixes.size(); i += perUpdate) {
            out.add(encode(
                    UpdateMessage.announce(attrs, prefixes.subList(i, Math.min(prefixes.size(), i + perUpdate)))));
        }
        return out;
    }

    private static byte[] encode(UpdateMessage u) {
        ByteBuf buf = Unpooled.buffer();
        MessageCodec.encode(u, CTX, buf);
        byte[] wire = new byte[buf.readableBytes()];
        buf.readBytes(wire);
        buf.release();
        return wire;
    }

    @Override
    public void close() throws IOException {
        if (feed != null) {
            feed.close();
        }
        reconciler.close();
        nb.close();
        session.stop("benchmark done");
        speaker.close();
        rib.close();
    }
}
