package io.ovnbgp.bgp.rib;

import io.ovnbgp.bgp.fsm.Negotiated;
import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.IpAddress;
import java.util.HashSet;
import java.util.Set;

/** Everything the RIB keeps about one peer; RIB thread only. */
final class PeerState {
    final String name;
    PeerRibConfig config;
    final AdjRibOut out = new AdjRibOut();

    PeerLink link;
    /** The current session's, or the last one's while the peer is down (its stale paths still compete). */
    Negotiated negotiated;
    boolean up;
    boolean detached;
    /** Closed for exceeding max-prefix: ignore what the session still delivers until its Down. */
    boolean tornDown;
    boolean maxPrefixWarned;

    // what the decision process reads; kept across a Down for stale paths
    boolean ebgp;
    int routerId;
    IpAddress address;

    RibLoop.Timer restartTimer;
    RibLoop.Timer staleTimer;

    long received;
    long withdrawn;
    long accepted4;
    long accepted6;
    long rejected;
    long loopRejected;
    long nextHopRejected;
    boolean nextHopWarned;
    long keptRejected;
    long stale;
    long exportSkipped;
    long maxPrefixExceeded;
    long teardowns;
    final Set<AfiSafi> endOfRib = new HashSet<>();

    PeerState(String name, PeerRibConfig config) {
        this.name = name;
        this.config = config;
    }

    long accepted() {
        return accepted4 + accepted6;
    }

    void countAccepted(boolean v6, int delta) {
        if (v6) {
            accepted6 += delta;
        } else {
            accepted4 += delta;
        }
    }

    PeerRibStats stats() {
        return new PeerRibStats(name, up, received, withdrawn, accepted(), accepted4, accepted6, rejected,
                loopRejected, nextHopRejected, keptRejected, stale, out.advertisedCount(), exportSkipped, maxPrefixExceeded, teardowns,
                endOfRib);
    }

    void cancelTimers() {
        if (restartTimer != null) {
            restartTimer.cancel();
            restartTimer = null;
        }
        if (staleTimer != null) {
            staleTimer.cancel();
            staleTimer = null;
        }
    }

    @Override
    public String toString() {
        return "peer " + name;
    }
}
