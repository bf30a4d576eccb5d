package io.ovnbgp.bgp.rib;

import io.ovnbgp.bgp.fsm.Negotiated;
import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.Prefix;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Everything the RIB keeps about one peer; RIB thread only. */
final class PeerState {
    private static final Comparator<AfiSafi> FAMILY_ORDER =
            Comparator.comparingInt(AfiSafi::afi).thenComparingInt(AfiSafi::safi);

    /** Immutable, so a field: {@link RibPeer} reads it from any thread. */
    final String name;

    /** This peer's number in the {@link PathArena}'s rows, given when it is registered; -1 before. */
    int slot = -1;

    private final AdjRibOut out = new AdjRibOut();
    /** Local prefixes not exported for want of a next hop of their family; the one place this is kept. */
    private final Set<Prefix> exportSkipped = new HashSet<>();

    private final Set<AfiSafi> endOfRib = new HashSet<>();
    private PeerRibConfig config;

    private PeerLink link;
    /** The current session's, or the last one's while the peer is down (its stale paths still compete). */
    private Negotiated negotiated;

    private boolean up;
    private boolean detached;
    /** Closed for exceeding max-prefix: ignore what the session still delivers until its Down. */
    private boolean tornDown;

    private boolean maxPrefixWarned;
    private boolean nextHopWarned;

    // what the decision process reads; kept across a Down for stale paths
    private boolean ebgp;
    private int routerId;
    private IpAddress address;

    private RibLoop.Timer restartTimer;
    private RibLoop.Timer staleTimer;

    private long received;
    private long withdrawn;
    private long accepted4;
    private long accepted6;
    private long rejected;
    private long loopRejected;
    private long nextHopRejected;
    private long keptRejected4;
    private long keptRejected6;
    private long stale;
    private long maxPrefixExceeded;
    private long teardowns;

    PeerState(String name, PeerRibConfig config) {
        this.name = name;
        this.config = config;
    }

    // ------------------------------------------------------------------------------------------ session

    /** A new session is Established: its facts replace the last one's, the per-session state starts afresh. */
    void sessionUp(PeerLink link, Negotiated n, boolean ebgp, IpAddress address) {
        this.link = link;
        this.negotiated = n;
        this.up = true;
        this.tornDown = false;
        this.maxPrefixWarned = false;
        this.nextHopWarned = false;
        this.endOfRib.clear();
        this.ebgp = ebgp;
        this.routerId = n.remoteId();
        this.address = address;
        out.clear();
        exportSkipped.clear();
    }

    /** The session ended; returns whether we had closed it for max-prefix. {@link #negotiated()} stays. */
    boolean sessionDown() {
        boolean wasTornDown = tornDown;
        up = false;
        link = null;
        tornDown = false;
        endOfRib.clear();
        out.clear();
        exportSkipped.clear();
        return wasTornDown;
    }

    /** Marks the peer detached; false if it was already. */
    boolean detach() {
        if (detached) {
            return false;
        }
        detached = true;
        cancelTimers();
        out.clear();
        exportSkipped.clear();
        return true;
    }

    boolean detached() {
        return detached;
    }

    boolean up() {
        return up;
    }

    /** Up and not closed by us for max-prefix: what the session delivers is to be taken in. */
    boolean accepting() {
        return up && !tornDown;
    }

    boolean tornDown() {
        return tornDown;
    }

    /** We close the session for exceeding max-prefix. */
    void tearDown() {
        tornDown = true;
        teardowns++;
        maxPrefixExceeded++;
    }

    PeerLink link() {
        return link;
    }

    Negotiated negotiated() {
        return negotiated;
    }

    /** The negotiated families in (AFI, SAFI) order: End-of-RIB markers and refresh requests go out in it. */
    List<AfiSafi> families() {
        List<AfiSafi> families = new ArrayList<>(negotiated.families());
        families.sort(FAMILY_ORDER);
        return families;
    }

    PeerRibConfig config() {
        return config;
    }

    /** Sets the new configuration, returns the old one. */
    PeerRibConfig reconfigure(PeerRibConfig c) {
        PeerRibConfig old = config;
        config = c;
        return old;
    }

    AdjRibOut out() {
        return out;
    }

    boolean ebgp() {
        return ebgp;
    }

    int routerId() {
        return routerId;
    }

    IpAddress address() {
        return address;
    }

    void endOfRib(AfiSafi family) {
        endOfRib.add(family);
    }

    // ------------------------------------------------------------------------------------------ warnings

    /** True the first time in a session (or since the limits changed): the max-prefix warning is logged once. */
    boolean warnMaxPrefixOnce() {
        boolean first = !maxPrefixWarned;
        maxPrefixWarned = true;
        return first;
    }

    void rearmMaxPrefixWarning() {
        maxPrefixWarned = false;
    }

    /** True the first time in a session: a bad next hop is logged once. */
    boolean warnNextHopOnce() {
        boolean first = !nextHopWarned;
        nextHopWarned = true;
        return first;
    }

    // ------------------------------------------------------------------------------------------ timers

    /** Sets the graceful-restart timer, cancelling the one it replaces. */
    void restartTimer(RibLoop.Timer t) {
        cancelRestartTimer();
        restartTimer = t;
    }

    void cancelRestartTimer() {
        if (restartTimer != null) {
            restartTimer.cancel();
            restartTimer = null;
        }
    }

    /** The restart timer ran: nothing to cancel any more. */
    void restartTimerDone() {
        restartTimer = null;
    }

    /** Sets the stale-path timer, cancelling the one it replaces. */
    void staleTimer(RibLoop.Timer t) {
        cancelStaleTimer();
        staleTimer = t;
    }

    void cancelStaleTimer() {
        if (staleTimer != null) {
            staleTimer.cancel();
            staleTimer = null;
        }
    }

    /** The stale-path timer ran: nothing to cancel any more. */
    void staleTimerDone() {
        staleTimer = null;
    }

    void cancelTimers() {
        cancelRestartTimer();
        cancelStaleTimer();
    }

    // ------------------------------------------------------------------------------------------ counters

    void countReceived() {
        received++;
    }

    void countWithdrawn() {
        withdrawn++;
    }

    void countRejected() {
        rejected++;
    }

    void countLoopRejected() {
        loopRejected++;
    }

    void countNextHopRejected() {
        nextHopRejected++;
    }

    void countMaxPrefixExceeded() {
        maxPrefixExceeded++;
    }

    long accepted() {
        return accepted4 + accepted6;
    }

    /** The family with more accepted paths (IPv4 on a tie): the one a max-prefix NOTIFICATION names. */
    AfiSafi largerFamily() {
        return accepted6 > accepted4 ? AfiSafi.IPV6_UNICAST : AfiSafi.IPV4_UNICAST;
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

    /** A path marked stale (+1) or no longer (-1). */
    void countStale(int delta) {
        stale += delta;
    }

    long stale() {
        return stale;
    }

    /** Whether the local prefix {@code x} was left out of this peer's export for want of a next hop. */
    void exportSkipped(Prefix x, boolean skipped) {
        if (skipped) {
            exportSkipped.add(x);
        } else {
            exportSkipped.remove(x);
        }
    }

    int exportSkippedCount() {
        return exportSkipped.size();
    }

    void clearExportSkipped() {
        exportSkipped.clear();
    }

    PeerRibStats stats() {
        Map<AfiSafi, PeerRibStats.FamilyCounts> families = Map.of(
                AfiSafi.IPV4_UNICAST,
                        new PeerRibStats.FamilyCounts(accepted4 + keptRejected4, accepted4, out.advertisedCount(false)),
                AfiSafi.IPV6_UNICAST,
                        new PeerRibStats.FamilyCounts(accepted6 + keptRejected6, accepted6, out.advertisedCount(true)));
        return new PeerRibStats(
                name,
                up,
                received,
                withdrawn,
                accepted(),
                accepted4,
                accepted6,
                rejected,
                loopRejected,
                nextHopRejected,
                keptRejected4 + keptRejected6,
                stale,
                out.advertisedCount(),
                exportSkipped.size(),
                maxPrefixExceeded,
                teardowns,
                endOfRib,
                families);
    }

    @Override
    public String toString() {
        return "peer " + name;
    }
}
