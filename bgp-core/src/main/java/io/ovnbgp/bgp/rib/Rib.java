package io.ovnbgp.bgp.rib;

import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.Prefix;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The RIB: Adj-RIBs-In, Loc-RIB with best path and ECMP, the locally originated prefixes and the Adj-RIBs-Out,
 * all owned by one thread ("bgp-rib"); sessions and callers post work to it and never block on it.
 *
 * <pre>
 * Rib rib = new Rib(RibSettings.of(64512, routerId));
 * RibPeer torA = rib.attach("tor-a", new PeerRibConfig(receive, advertise, 1000, TEARDOWN, 60s, false));
 * PeerSession s = speaker.addPeer(settings, torA);   // RibPeer is the session's SessionListener
 * rib.originate(Prefix.parse("10.244.1.0/24"), OriginAttributes.tagged("podNetwork"));
 * List&lt;RouteChange&gt; batch = rib.changes().drain(1000);   // the OVN writer's thread
 * </pre>
 *
 * Safe by default: a peer attached with {@link PeerRibConfig#DEFAULT} has nothing accepted, and only the prefixes
 * given to {@link #originate} are ever advertised, never a learned one (see {@link Exporter}).
 */
public final class Rib implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Rib.class);

    private final RibSettings settings;
    private final RibLoop loop;
    private final RouteChangeQueue changes = new RouteChangeQueue();
    private final RibCore core;
    /** Read on the RIB thread only, through {@link #call}. */
    private final RibViews views;

    private final Map<String, RibPeer> peers = new ConcurrentHashMap<>();
    private volatile boolean closed;

    /** Starts the RIB thread. */
    public Rib(RibSettings settings) {
        this(settings, RibLoop.thread());
    }

    Rib(RibSettings settings, RibLoop loop) {
        this.settings = settings;
        this.loop = loop;
        this.core = new RibCore(settings, loop, changes);
        this.views = core.views();
        loop.afterEachTask(core::flushChanges);
    }

    public RibSettings settings() {
        return settings;
    }

    /**
     * Adds a peer. The returned handle is the {@link io.ovnbgp.bgp.fsm.SessionListener} to give to
     * {@code BgpSpeaker.addPeer}: the session is only known once it reports its first event, which is why this
     * takes a name rather than the session.
     */
    public RibPeer attach(String name, PeerRibConfig config) {
        PeerState state = new PeerState(name, config == null ? PeerRibConfig.DEFAULT : config);
        RibPeer handle = new RibPeer(this, state);
        if (peers.putIfAbsent(name, handle) != null) {
            throw new IllegalArgumentException("a peer named " + name + " is attached already");
        }
        post(() -> core.register(state));
        return handle;
    }

    void detached(RibPeer peer) {
        peers.remove(peer.name(), peer);
    }

    /** Advertises a prefix to every peer whose export policy takes it (replacing its attributes if known). */
    public void originate(Prefix prefix, OriginAttributes attributes) {
        OriginAttributes a = attributes == null ? OriginAttributes.DEFAULT : attributes;
        post(() -> core.originate(prefix, a));
    }

    public void originate(Prefix prefix) {
        originate(prefix, OriginAttributes.DEFAULT);
    }

    /** Stops advertising a prefix; peers get a withdrawal. */
    public void withdrawOriginated(Prefix prefix) {
        post(() -> core.withdrawOriginated(prefix));
    }

    /** The Loc-RIB change stream (one consumer). */
    public RouteChangeQueue changes() {
        return changes;
    }

    /** The prefix's ECMP set, best path first. */
    public CompletableFuture<List<PathView>> bestPaths(Prefix prefix) {
        return call(
                () -> views.paths(prefix).stream().filter(PathView::multipath).toList());
    }

    /** Every accepted path of the prefix, best first, then the rest of the ECMP set, then the others. */
    public CompletableFuture<List<PathView>> paths(Prefix prefix) {
        return call(() -> views.paths(prefix));
    }

    /** The first {@code limit} learned prefixes in prefix order with their paths, and the table's total. */
    public CompletableFuture<LearnedPage> learned(int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be >= 0, got " + limit);
        }
        return call(() -> views.learned(limit));
    }

    /** Every prefix's ECMP next hops: what a consumer resynchronizes from (then follows {@link #changes()}). */
    public CompletableFuture<Map<Prefix, List<IpAddress>>> snapshot() {
        return call(views::snapshot);
    }

    /** Per-peer counters, by peer name in attach order. */
    public CompletableFuture<Map<String, PeerRibStats>> stats() {
        return call(views::stats);
    }

    public CompletableFuture<Map<Prefix, OriginAttributes>> originated() {
        return call(views::originated);
    }

    /** Completes once everything posted before it has run. */
    public CompletableFuture<Void> sync() {
        return call(() -> null);
    }

    /** Prefixes in the table (with at least one path, accepted or kept for soft reconfiguration). */
    public CompletableFuture<Integer> prefixCount() {
        return call(views::prefixCount);
    }

    RibCore core() {
        return core;
    }

    void post(Runnable task) {
        if (closed) {
            return;
        }
        try {
            loop.execute(task);
        } catch (RejectedExecutionException e) {
            LOG.debug("RIB closed: task dropped");
        }
    }

    <T> CompletableFuture<T> call(Supplier<T> s) {
        CompletableFuture<T> f = new CompletableFuture<>();
        if (closed) {
            f.completeExceptionally(new IllegalStateException("RIB closed"));
            return f;
        }
        post(() -> {
            try {
                f.complete(s.get());
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    /** Stops the RIB thread; sessions are the speaker's to close. */
    @Override
    public void close() {
        closed = true;
        loop.shutdown();
    }
}
