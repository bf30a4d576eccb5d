package io.ovnbgp.bgp.fsm;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs what an administrator wants to read of a session (each state change, and why it went down), then hands
 * every event to the listener it wraps. The log is a decorator so that whoever takes the events themselves stays
 * free of it: in the daemon it wraps the observer that posts Kubernetes Events, which sees each event before the
 * RIB's {@code RibPeer} does.
 */
public final class LoggingSessionListener implements SessionListener {
    private static final Logger LOG = LoggerFactory.getLogger(LoggingSessionListener.class);

    private final SessionListener next;

    public LoggingSessionListener(SessionListener next) {
        this.next = next;
    }

    @Override
    public void onEvent(PeerSession peer, SessionEvent event) {
        if (event instanceof SessionEvent.StateChanged sc) {
            LOG.info(
                    "peer {} ({}): {} -> {}",
                    peer.name(),
                    peer.settings().remoteAddress().getHostAddress(),
                    sc.from(),
                    sc.to());
        } else if (event instanceof SessionEvent.Down d) {
            LOG.warn("peer {}: session down: {}", peer.name(), d.reason());
        }
        next.onEvent(peer, event);
    }
}
