package io.ovnbgp.bgp.fsm;

import io.netty.channel.Channel;
import io.ovnbgp.bgp.wire.ErrorSubcode;
import io.ovnbgp.bgp.wire.NotificationMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * A peer's TCP connections: the one we opened and the one it opened while their OPENs cross, then the one
 * Established. RFC 4271 speaks of one connection per peer; §6.8 collision detection, whose rules are all here,
 * keeps the one that the side with the higher BGP Identifier opened. The session closes the losers. Runs on the
 * peer's event loop only.
 */
final class PeerConnections {
    private Connection outgoing;
    private Connection incoming;
    private Connection established;

    /** What a collision's loser is closed with: Cease / Connection Collision Resolution (RFC 4486). */
    static NotificationMessage collisionNotification() {
        return NotificationMessage.of(ErrorSubcode.CONNECTION_COLLISION_RESOLUTION);
    }

    /** A connection closed as a collision's loser leaves no gap to recover from: the winner lives on. */
    static boolean lostCollision(NotificationMessage sent) {
        return sent != null && sent.reason().orElse(null) == ErrorSubcode.CONNECTION_COLLISION_RESOLUTION;
    }

    Connection established() {
        return established;
    }

    boolean hasOutgoing() {
        return outgoing != null;
    }

    boolean isEmpty() {
        return established == null && outgoing == null && incoming == null;
    }

    /** Every connection held, the Established one first. */
    List<Connection> all() {
        List<Connection> all = new ArrayList<>(3);
        for (Connection c : new Connection[] {established, outgoing, incoming}) {
            if (c != null) {
                all.add(c);
            }
        }
        return all;
    }

    /** The connection on this channel, or null if it is not (or no longer) one of ours. */
    Connection of(Channel ch) {
        for (Connection c : all()) {
            if (c.isOn(ch)) {
                return c;
            }
        }
        return null;
    }

    /** The most advanced state of the connections in their OPEN exchange, or null if there are none. */
    SessionState openExchangeState() {
        if (stateOf(outgoing) == SessionState.OPEN_CONFIRM || stateOf(incoming) == SessionState.OPEN_CONFIRM) {
            return SessionState.OPEN_CONFIRM;
        }
        return outgoing != null || incoming != null ? SessionState.OPEN_SENT : null;
    }

    private static SessionState stateOf(Connection c) {
        return c == null ? null : c.state();
    }

    void addOutgoing(Connection c) {
        outgoing = c;
    }

    /** §6.8: an inbound connection that arrives while one is Established loses at once. */
    boolean inboundLosesAtOnce() {
        return established != null;
    }

    /** The inbound connection that a newer one replaces (the caller drops it first), or null. */
    Connection incoming() {
        return incoming;
    }

    void addIncoming(Connection c) {
        incoming = c;
    }

    /**
     * §6.8: {@code c} received an OPEN carrying {@code remoteId} while the other connection is also in its OPEN
     * exchange. The side with the higher BGP Identifier keeps the connection it opened: returns the other one to
     * close, or null without a collision.
     */
    Connection collisionLoser(Connection c, int localId, int remoteId) {
        Connection other = c == outgoing ? incoming : c == incoming ? outgoing : null;
        if (other == null) {
            return null;
        }
        boolean weAreLower = Integer.compareUnsigned(localId, remoteId) < 0;
        return weAreLower ? outgoing : incoming;
    }

    /** §6.8: {@code c} reached Established and is the session; returns the others, to close as collisions. */
    List<Connection> establish(Connection c) {
        established = c;
        if (c == outgoing) {
            outgoing = null;
        } else {
            incoming = null;
        }
        List<Connection> losers = all();
        losers.remove(c);
        return losers;
    }

    /** Lets {@code c} go; false if it was not held (already accounted for). */
    boolean remove(Connection c) {
        if (c == established) {
            established = null;
        } else if (c == outgoing) {
            outgoing = null;
        } else if (c == incoming) {
            incoming = null;
        } else {
            return false;
        }
        return true;
    }
}
