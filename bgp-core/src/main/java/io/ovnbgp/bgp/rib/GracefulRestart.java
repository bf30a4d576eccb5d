package io.ovnbgp.bgp.rib;

import io.ovnbgp.bgp.fsm.Negotiated;
import io.ovnbgp.bgp.fsm.SessionEvent;
import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.Capability;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Stale paths: a peer's paths kept, marked stale, while it restarts (RFC 4724) or re-sends them (RFC 7313
 * enhanced route refresh), and swept when its End-of-RIB (or EoRR) says they were not sent again, or when a timer
 * runs out. The receiving side only: we do not advertise the restarting speaker's capability. RIB thread only.
 */
final class GracefulRestart {
    /** The RIB's logger: one name to configure for all its parts. */
    private static final Logger LOG = LoggerFactory.getLogger(Rib.class);

    private final RibSettings settings;
    private final RibLoop loop;
    private final RouteTable routes;
    private final AttributeInterner interner;

    GracefulRestart(RibSettings settings, RibLoop loop, RouteTable routes, AttributeInterner interner) {
        this.settings = settings;
        this.loop = loop;
        this.routes = routes;
        this.interner = interner;
    }

    /**
     * The peer is back. RFC 4724 §4.2: a family the restarted peer does not say it kept forwarding state for
     * (F bit), or no longer negotiates graceful restart for at all, loses its stale paths now; the others wait
     * for the family's End-of-RIB, at most the stale-path time.
     */
    void sessionUp(PeerState p, Negotiated n, long nanos) {
        p.cancelRestartTimer();
        if (p.stale() == 0) {
            return;
        }
        Capability.GracefulRestart gr = n.peerGracefulRestart().orElse(null);
        for (AfiSafi f : List.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST)) {
            boolean kept = gr != null
                    && gr.families().stream().anyMatch(g -> g.family().equals(f) && g.forwardingPreserved());
            if (!kept) {
                sweep(p, f, nanos);
            }
        }
        if (p.stale() > 0) {
            p.staleTimer(loop.schedule(
                    () -> {
                        p.staleTimerDone();
                        if (p.stale() > 0) {
                            LOG.info(
                                    "{}: no End-of-RIB within {}: removing {} stale paths",
                                    p.name,
                                    settings.stalePathTime(),
                                    p.stale());
                            sweep(p, null, System.nanoTime());
                            interner.purge();
                        }
                    },
                    settings.stalePathTime()));
        }
    }

    /**
     * The session went down ({@code tornDown}: closed by us for max-prefix). Without graceful restart the peer's
     * paths go now; with it, those of the families it listed stay, stale, for its restart time.
     */
    void sessionDown(PeerState p, SessionEvent.Down d, boolean tornDown, long nanos) {
        Capability.GracefulRestart gr = p.negotiated() == null
                ? null
                : p.negotiated().peerGracefulRestart().orElse(null);
        Set<AfiSafi> retained = retainedFamilies(gr, d, tornDown);
        p.cancelStaleTimer();
        if (retained.isEmpty()) {
            p.cancelRestartTimer();
            routes.removeAll(p, nanos);
            return;
        }
        routes.walk(
                p,
                (x, q) -> {
                    if (!retained.contains(x.family())) {
                        return RouteTable.Op.REMOVE;
                    }
                    routes.paths().set(q, PathArena.STALE, true);
                    return RouteTable.Op.KEEP;
                },
                true,
                nanos);
        LOG.info(
                "{}: session down, graceful restart: keeping {} paths as stale for up to {} s",
                p.name,
                p.stale(),
                gr.restartTimeSeconds());
        p.restartTimer(loop.schedule(
                () -> {
                    p.restartTimerDone();
                    if (!p.up() && p.stale() > 0) {
                        LOG.info(
                                "{}: restart time {} s over: removing {} stale paths",
                                p.name,
                                gr.restartTimeSeconds(),
                                p.stale());
                        sweep(p, null, System.nanoTime());
                        interner.purge();
                    }
                },
                Duration.ofSeconds(gr.restartTimeSeconds())));
    }

    /**
     * The families whose paths a session's end keeps; empty when none. RFC 4724 §4.2 applies to a session that
     * ended without a NOTIFICATION (no RFC 8538 here: we do not advertise the N bit), and only the families the
     * peer listed in its capability keep their paths (FRR sends the capability with a restart time and no family
     * even when GR is off: that retains nothing).
     */
    private static Set<AfiSafi> retainedFamilies(Capability.GracefulRestart gr, SessionEvent.Down d, boolean tornDown) {
        if (gr == null || gr.restartTimeSeconds() <= 0 || d.sent() != null || d.received() != null || tornDown) {
            return Set.of();
        }
        return gr.families().stream().map(Capability.GrFamily::family).collect(Collectors.toUnmodifiableSet());
    }

    /** RFC 7313 §4: on BoRR the peer re-sends its routes of the family; what it does not re-send before EoRR goes. */
    void beginRefresh(PeerState p, AfiSafi family, long nanos) {
        routes.walk(
                p,
                (x, q) -> {
                    if (x.family().equals(family)) {
                        routes.paths().set(q, PathArena.STALE, true);
                    }
                    return RouteTable.Op.KEEP;
                },
                false,
                nanos);
    }

    /** Removes the peer's stale paths of a family (null = all), after End-of-RIB, EoRR or a timer. */
    void sweep(PeerState p, AfiSafi family, long nanos) {
        if (p.stale() == 0) {
            return;
        }
        routes.walk(
                p,
                (x, q) -> routes.paths().is(q, PathArena.STALE)
                                && (family == null || x.family().equals(family))
                        ? RouteTable.Op.REMOVE
                        : RouteTable.Op.KEEP,
                true,
                nanos);
        if (p.stale() == 0) {
            p.cancelStaleTimer();
        }
    }
}
