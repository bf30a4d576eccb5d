package io.ovnbgp.bgp.rib;

import io.ovnbgp.bgp.fsm.Negotiated;
import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.IpAddress;
import java.util.HashSet;
import java.util.Map;
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
    long keptRejected4;
    long keptRejected6;
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

    /** A rejected path kept for soft-reconfiguration inbound, added (+1) or removed (-1). */
    void countKeptRejected(boolean v6, int delta) {
        if (v6) {
            keptRejected6 += delta;
        } else {
            keptRejected4 += delta;
        }
    }

    PeerRibStats stats() {
        Map<AfiSafi, PeerRibStats.FamilyCounts> families = Map.of(
                AfiSafi.IPV4_UNICAST, new PeerRibStats.FamilyCounts(accepted4 + keptRejected4, accepted4,
                        out.advertisedCount(false)),
                AfiSafi.IPV6_UNICAST, new PeerRibStats.FamilyCounts(accepted6 + keptRejected6, accepted6,
                        out.advertisedCount(true)));
        return new PeerRibStats(name, up, received, withdrawn, accepted(), accepted4, accepted6, rejected,
                loopRejected, nextHopRejected, keptRejected4 + keptRejected6, stale, out.advertisedCount(),
                exportSkipped, maxPrefixExceeded, teardowns, endOfRib, families);
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
