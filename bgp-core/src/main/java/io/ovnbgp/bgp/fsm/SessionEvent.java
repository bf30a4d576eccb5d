package io.ovnbgp.bgp.fsm;

import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.NotificationMessage;
import io.ovnbgp.bgp.wire.UpdateMessage;

/** What a session tells the RIB and the bridge, in order, on the BGP event loop. */
public sealed interface SessionEvent {

    /** The FSM moved; every transition is reported. */
    record StateChanged(SessionState from, SessionState to) implements SessionEvent {}

    /** The session reached Established. */
    record Up(Negotiated negotiated) implements SessionEvent {}

    /**
     * An Established session ended. {@code sent} and {@code received} are the NOTIFICATIONs exchanged, if any;
     * the reason is what an administrator reads in the status.
     */
    record Down(String reason, NotificationMessage sent, NotificationMessage received) implements SessionEvent {}

    /**
     * An UPDATE: its prefixes share one attribute object. Under RFC 7606 treat-as-withdraw its announced
     * prefixes come as withdrawn ({@link UpdateMessage#allWithdrawn()}).
     */
    record Routes(UpdateMessage update) implements SessionEvent {}

    /** The peer's End-of-RIB marker for a family (RFC 4724 §2). */
    record EndOfRib(AfiSafi family) implements SessionEvent {}

    /** The peer asks for our routes again (RFC 2918; subtype 0, or 1/2 for RFC 7313 BoRR/EoRR). */
    record RefreshRequested(AfiSafi family, int subtype) implements SessionEvent {}
}
