package io.ovnbgp.bgp.rib;

import io.ovnbgp.bgp.fsm.PeerSession;
import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.BgpMessage;
import io.ovnbgp.bgp.wire.NotificationMessage;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What the RIB asks of a session; every call is non-blocking and may come from the RIB thread. */
interface PeerLink {

    void send(BgpMessage m);

    void requestRouteRefresh(AfiSafi family);

    /** Closes the session with this NOTIFICATION; starts it again after {@code restartAfter} unless null. */
    void stopAndRestart(NotificationMessage n, Duration restartAfter);

    /**
     * Stops or resumes reading the peer's messages as {@code paused} says when the change is applied:
     * back-pressure while the RIB is behind, so that TCP's window, not our heap, holds what a fast peer sends.
     */
    void pauseReading(BooleanSupplier paused);

    /** The link to a real {@link PeerSession}. */
    static PeerLink of(PeerSession s) {
        return new SessionLink(s);
    }

    /** Adapter to {@link PeerSession}, whose commands hop onto the BGP event loop themselves. */
    final class SessionLink implements PeerLink {
        private static final Logger LOG = LoggerFactory.getLogger(SessionLink.class);
        final PeerSession session;

        SessionLink(PeerSession session) {
            this.session = session;
        }

        @Override
        public void send(BgpMessage m) {
            session.send(m).whenComplete((v, e) -> {
                if (e != null) {
                    LOG.debug("{}: not sent ({}): {}", session.name(), e.getMessage(), m);
                }
            });
        }

        @Override
        public void requestRouteRefresh(AfiSafi family) {
            session.requestRouteRefresh(family).whenComplete((v, e) -> {
                if (e != null) {
                    LOG.info("{}: cannot request a route refresh for {}: {}", session.name(), family, e.getMessage());
                }
            });
        }

        @Override
        public void stopAndRestart(NotificationMessage n, Duration restartAfter) {
            session.stopAndRestart(n, restartAfter);
        }

        @Override
        public void pauseReading(BooleanSupplier paused) {
            session.pauseReading(paused);
        }
    }
}
