package io.ovnbgp.bgp.fsm;

/** Receives a peer's events on the BGP event loop: hand work off quickly, never block. */
@FunctionalInterface
public interface SessionListener {
    void onEvent(PeerSession peer, SessionEvent event);
}
