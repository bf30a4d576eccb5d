package io.ovnbgp.bgp.fsm;

import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.RouteRefreshMessage;
import io.ovnbgp.bgp.wire.UpdateMessage;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an Established session passes up to its {@link SessionListener}: each UPDATE, counted by its RFC 7606
 * outcome and told apart from an End-of-RIB, and each ROUTE-REFRESH request for a negotiated family. The
 * {@link SessionFsm} has checked the state and restarted the hold timer before handing a message on.
 */
final class InboundRoutes {
    /** The session's log lines keep the logger they had before the state machine was its own class. */
    private static final Logger LOG = LoggerFactory.getLogger(PeerSession.class);

    private final PeerSession session;
    private final SessionListener listener;
    private final PeerCounters counters;

    InboundRoutes(PeerSession session, SessionListener listener, PeerCounters counters) {
        this.session = session;
        this.listener = listener;
        this.counters = counters;
    }

    void update(UpdateMessage u) {
        counters.outcome(
                switch (u.errorAction()) {
                    case NONE -> PeerCounters.UpdateOutcome.ACCEPTED;
                    case ATTRIBUTE_DISCARD -> PeerCounters.UpdateOutcome.ATTRIBUTE_DISCARD;
                    case TREAT_AS_WITHDRAW -> PeerCounters.UpdateOutcome.TREAT_AS_WITHDRAW;
                });
        if (!u.problems().isEmpty()) {
            LOG.warn(
                    "{}: UPDATE handled as {} (RFC 7606): {}",
                    session.settings().name(),
                    u.errorAction(),
                    u.problems());
        }
        Optional<AfiSafi> eor = u.endOfRib();
        if (eor.isPresent()) {
            listener.onEvent(session, new SessionEvent.EndOfRib(eor.get()));
        } else {
            listener.onEvent(session, new SessionEvent.Routes(u));
        }
    }

    void refreshRequested(Negotiated agreed, RouteRefreshMessage rr) {
        // RFC 2918 §4: a family not negotiated is ignored
        if (agreed.families().contains(rr.family())) {
            listener.onEvent(session, new SessionEvent.RefreshRequested(rr.family(), rr.subtype()));
        }
    }
}
