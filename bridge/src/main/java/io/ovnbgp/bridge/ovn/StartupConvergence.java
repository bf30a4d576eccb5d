package io.ovnbgp.bridge.ovn;

import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bridge.ovn.RoutePlanner.RowKey;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * Restart without a flap: the owned rows adopted at start stay until the peers have converged (each sent
 * End-of-RIB for its families) or {@code ovn.staleRouteTimeout} passed. Until then a row may go only if BGP
 * wanted its key at some point in this life (it then really was withdrawn, not merely not yet relearned).
 * Writer thread; {@link #converged} and {@link #waitingFor} from any thread.
 */
final class StartupConvergence {
    private static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    private final StaticRouteReconciler.Convergence peers;
    private final Duration staleTimeout;
    private final long startNanos = System.nanoTime();
    private long nextCheck;
    private boolean reached;
    /**
     * Before convergence: the prefixes (canonical text) of the rows adopted so far, and of those every row key BGP
     * wanted since start. Only adopted rows wait for convergence (a row written in this life was wanted when it was
     * written), so only their keys are kept: a full table arriving before the peers' End-of-RIB costs nothing here.
     */
    private Set<String> adoptedPrefixes = new HashSet<>();

    private Set<RowKey> confirmed = new HashSet<>();

    private volatile boolean converged;
    private volatile String waitingFor = "start";

    StartupConvergence(StaticRouteReconciler.Convergence peers, Duration staleTimeout) {
        this.peers = peers;
        this.staleTimeout = staleTimeout;
    }

    /** Rows of ours for these prefixes (canonical text) were adopted from NB: they wait for convergence. */
    void adopted(Collection<String> prefixes) {
        if (!reached) {
            adoptedPrefixes.addAll(prefixes);
        }
    }

    /** BGP wants rows for these next hops of {@code p}. */
    void wanted(Prefix p, List<IpAddress> nextHops) {
        if (reached || nextHops.isEmpty()) {
            return;
        }
        String text = p.toString();
        if (adoptedPrefixes.contains(text)) {
            for (IpAddress a : nextHops) {
                confirmed.add(new RowKey(text, a.toString()));
            }
        }
    }

    /**
     * Rows written in this life were wanted when written: their keys are confirmed, so that a NB resync before
     * convergence, which adopts them again with everything else, does not hold them as if they came from before.
     */
    void written(RoutePlanner.Plan plan) {
        if (reached) {
            return;
        }
        confirmed.addAll(plan.inserts());
        plan.updates().forEach(u -> confirmed.add(u.key()));
    }

    /** Whether an owned row BGP does not want (now) may be deleted. */
    boolean mayDelete(RowKey key) {
        return reached || !adoptedPrefixes.contains(key.prefix()) || confirmed.contains(key);
    }

    /**
     * Null while the peers are still awaited (asked at most every 250 ms) or once converged; else, once, why
     * convergence is due now. The caller takes what the RIB has published so far, then calls {@link #reach}.
     */
    String due(long now) {
        if (reached || now - nextCheck < 0) {
            return null;
        }
        nextCheck = now + CHECK_NANOS;
        if (now - startNanos >= staleTimeout.toNanos()) {
            return "staleRouteTimeout " + staleTimeout + " passed";
        }
        String w = peers.waitingFor();
        if (w != null) {
            waitingFor = w;
            return null;
        }
        return "every peer sent End-of-RIB";
    }

    void reach() {
        reached = true;
        converged = true;
        waitingFor = null;
        confirmed = Set.of();
        adoptedPrefixes = Set.of();
    }

    boolean converged() {
        return converged;
    }

    /** What is still awaited before convergence ("start" before the first check), null once converged. */
    String waitingFor() {
        return waitingFor;
    }
}
