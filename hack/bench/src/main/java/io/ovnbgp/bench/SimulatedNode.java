package io.ovnbgp.bench;

import io.ovnbgp.bgp.rib.Rib;
import io.ovnbgp.bgp.rib.RibSettings;
import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bridge.metrics.BridgeMetrics;
import io.ovnbgp.bridge.ovn.StaticRouteReconciler;
import io.ovnbgp.ovsdb.nb.NbScope;
import io.ovnbgp.ovsdb.nb.NorthboundClient;
import io.ovnbgp.ovsdb.nb.NorthboundOptions;
import io.ovnbgp.ovsdb.nb.StaticRoute;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One simulated Kubernetes node as {@code BridgeDaemon} wires its OVN side: its own {@link Rib}, fed by a
 * {@link RibFeed} (no BGP session), its own Northbound connection (leader only, scoped to its gateway router
 * {@code GR_<node>} and the rows it owns) and its {@link StaticRouteReconciler} writing that router's routes.
 *
 * <p>What the bench waits for is tracked here: the prefixes it handed to the RIB and has not yet seen in one of
 * the reconciler's commits, and the commit time at which the last of them went.
 */
final class SimulatedNode implements AutoCloseable {
    static final long LOCAL_AS = 65010;
    static final long FEED_AS = 65001;

    private final String name;
    private final String router;
    private final IpAddress nextHop;
    private final Rib rib;
    private final RibFeed feed;
    private final StaticRouteReconciler reconciler;
    private final NorthboundClient nb;
    /** Guarded by this: prefixes handed over and not yet committed; the lag of each once committed. */
    private final Set<String> pending = new HashSet<>();

    /** Guarded by this: {@code "prefix nexthop"} of every route handed over and not withdrawn since. */
    private final Set<String> wanted = new HashSet<>();

    private long lastCommitNanos;
    private long lastLagNanos;
    private int seenInCache;

    private SimulatedNode(int k, String remotes) throws UnknownHostException {
        this.name = "node" + k;
        this.router = "GR_" + name;
        // the node's upstream router: a made-up address per node (RFC 6598 space, never loopback)
        this.nextHop = IpAddress.v4(0x64400000 + k);
        this.rib = new Rib(RibSettings.of(LOCAL_AS, 0x0A000000 + k));
        this.feed = new RibFeed(rib, "tor-" + name, InetAddress.getByName("127.1.0.1"), FEED_AS, 0x0B000000 + k);
        this.reconciler = new StaticRouteReconciler(
                new StaticRouteReconciler.Settings(
                        name, router, "", "", "dst-ip", 1_000_000, false, 0, 0, 0, Duration.ofMinutes(5)),
                rib,
                () -> null,
                new BridgeMetrics(name, "bench"));
        reconciler.commitListener(this::committed);
        NorthboundOptions options = NorthboundOptions.parse(remotes)
                .withScope(new NbScope(router, name, "", StaticRouteReconciler.OWNER_KEY, name));
        this.nb = NorthboundClient.start(options, reconciler);
        reconciler.start(nb);
    }

    static SimulatedNode start(int k, String remotes) {
        try {
            return new SimulatedNode(k, remotes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }

    String name() {
        return name;
    }

    String router() {
        return router;
    }

    IpAddress nextHop() {
        return nextHop;
    }

    Rib rib() {
        return rib;
    }

    NorthboundClient northbound() {
        return nb;
    }

    StaticRouteReconciler reconciler() {
        return reconciler;
    }

    /** Announces {@code add} and withdraws {@code remove} (two UPDATEs), and waits for both in a commit. */
    void change(Collection<Prefix> add, Collection<Prefix> remove) {
        synchronized (this) {
            add.forEach(p -> pending.add(p.toString()));
            remove.forEach(p -> pending.add(p.toString()));
            add.forEach(p -> wanted.add(p + " " + nextHop));
            remove.forEach(p -> wanted.remove(p + " " + nextHop));
        }
        if (!remove.isEmpty()) {
            feed.withdraw(List.copyOf(remove));
        }
        if (!add.isEmpty()) {
            feed.announce(List.copyOf(add), nextHop);
        }
    }

    /** On the writer thread: the prefixes the transaction carried are no longer pending. */
    private void committed(Map<String, Long> arrivals, long commitNanos, int rowsOwned) {
        synchronized (this) {
            for (Map.Entry<String, Long> e : arrivals.entrySet()) {
                if (pending.remove(e.getKey()) && e.getValue() != 0) {
                    lastLagNanos = commitNanos - e.getValue();
                }
            }
            if (pending.isEmpty()) {
                lastCommitNanos = commitNanos;
                notifyAll();
            }
        }
    }

    synchronized boolean caughtUp() {
        return pending.isEmpty();
    }

    /**
     * Waits until every prefix handed over was in a commit; returns that commit's {@link System#nanoTime}. A
     * transaction whose reply was lost (connection closed under it) is not reported to the commit listener: the
     * writer finds the rows already right after its resync and commits nothing. So, every second, the node's own
     * NB cache is also compared with what it wants; when it matches, that moment counts (an upper bound).
     *
     * @throws IllegalStateException after {@code timeout}
     */
    synchronized long awaitCommitted(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!pending.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException(name + ": " + pending.size() + " prefixes not committed within "
                        + timeout + " (e.g. " + pending.iterator().next() + ")");
            }
            wait(Math.max(1, Math.min(1_000, left / 1_000_000)));
            if (!pending.isEmpty() && cacheShowsWanted()) {
                pending.clear();
                lastCommitNanos = System.nanoTime();
                seenInCache++;
            }
        }
        return lastCommitNanos;
    }

    private boolean cacheShowsWanted() {
        Set<String> rows = new HashSet<>();
        int n = 0;
        for (StaticRoute r : nb.snapshot().staticRoutesOf(router)) {
            if (name.equals(r.externalIds().get(StaticRouteReconciler.OWNER_KEY))) {
                rows.add(r.ipPrefix() + " " + r.nexthop());
                n++;
            }
        }
        return n == wanted.size() && rows.equals(wanted);
    }

    /** How often a wait ended by the NB cache rather than by a reported commit. */
    synchronized int seenInCache() {
        return seenInCache;
    }

    /** The RIB hand-off to commit lag of the last prefix committed (single changes: the one). */
    synchronized long lastLagNanos() {
        return lastLagNanos;
    }

    @Override
    public void close() {
        reconciler.close();
        nb.close();
        rib.close();
    }
}
