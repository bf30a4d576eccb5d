package io.ovnbgp.bgp.rib;

import io.ovnbgp.bgp.fsm.PeerSession;
import io.ovnbgp.bgp.fsm.SessionEvent;
import io.ovnbgp.bgp.fsm.SessionListener;
import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.PathAttributes;
import io.ovnbgp.bgp.wire.Prefix;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One attached peer: the session's {@link SessionListener} (its events are stamped with their arrival time and
 * queued to the RIB thread), and the commands about this peer. Thread-safe.
 */
public final class RibPeer implements SessionListener {
    /** Waiting events (a few thousand prefixes each at most) at which reading from the peer pauses, resumes. */
    static final int PAUSE_AT = 2048;

    static final int RESUME_AT = 512;

    private final Rib rib;
    private final PeerState state;
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicBoolean paused = new AtomicBoolean();
    // written and read on the BGP event loop only (onEvent)
    private PeerSession lastSession;
    private PeerLink lastLink;

    RibPeer(Rib rib, PeerState state) {
        this.rib = rib;
        this.state = state;
    }

    public String name() {
        return state.name;
    }

    @Override
    @SuppressWarnings("ReturnValueIgnored") // hashCode() is called for its side effect: the hash cached
    public void onEvent(PeerSession session, SessionEvent event) {
        if (event instanceof SessionEvent.StateChanged) {
            return; // nothing for the RIB
        }
        long now = System.nanoTime();
        if (event instanceof SessionEvent.Routes r) {
            // the attribute set's hash is cached in it: computed here, on the event loop's core, the RIB thread's
            // interning finds it ready (a full table is 100,000 sets, each hashed over its whole AS path)
            r.update().attributes().hashCode();
        }
        if (session != lastSession) {
            lastSession = session;
            lastLink = PeerLink.of(session);
        }
        if (event instanceof SessionEvent.Up && paused.get()) {
            // a new connection reads from the start: hold it back too while the RIB is still behind
            lastLink.pauseReading(paused::get);
        }
        deliver(lastLink, event, now);
    }

    /**
     * Queues a session event as if a session had reported it (tests, and adapters of other transports). When
     * {@link #PAUSE_AT} of this peer's events wait for the RIB, reading from the peer pauses until they are down
     * to {@link #RESUME_AT}: a peer faster than the RIB fills TCP's window, not the heap.
     */
    void deliver(PeerLink link, SessionEvent event, long arrivalNanos) {
        int n = queued.incrementAndGet();
        rib.post(() -> {
            try {
                rib.core().onEvent(state, link, event, arrivalNanos);
            } finally {
                if (queued.decrementAndGet() <= RESUME_AT && paused.compareAndSet(true, false)) {
                    link.pauseReading(paused::get);
                }
            }
        });
        if (n >= PAUSE_AT && paused.compareAndSet(false, true)) {
            // the link applies the flag as it is when the change runs, so racing calls end in the latest state
            link.pauseReading(paused::get);
            // the RIB may have caught up between the count and the flag: it would not have seen the flag
            if (queued.get() <= RESUME_AT && paused.compareAndSet(true, false)) {
                link.pauseReading(paused::get);
            }
        }
    }

    /** Events of this peer waiting for the RIB thread. */
    int queued() {
        return queued.get();
    }

    /**
     * New policies and limits. A changed import policy is re-applied from the kept pre-policy paths with
     * soft-reconfiguration inbound, else at once to what is held and by a ROUTE-REFRESH to the peer; a changed
     * export policy updates what the peer was told.
     */
    public void reconfigure(PeerRibConfig config) {
        PeerRibConfig c = config == null ? PeerRibConfig.DEFAULT : config;
        rib.post(() -> rib.core().reconfigure(state, c, System.nanoTime()));
    }

    public CompletableFuture<PeerRibStats> stats() {
        return rib.call(() -> rib.core().stats(state));
    }

    /** What the peer has been told (Adj-RIB-Out), sorted by prefix. */
    public CompletableFuture<Map<Prefix, PathAttributes>> advertised() {
        return rib.call(() -> rib.core().adjRibOut(state));
    }

    /** The peer's accepted paths of one family, after import policy (Adj-RIB-In), sorted by prefix. */
    public CompletableFuture<Map<Prefix, PathAttributes>> accepted(AfiSafi family) {
        return rib.call(() -> rib.core().adjRibIn(state, family));
    }

    /** Removes the peer from the RIB: its paths go at once. The session is the speaker's to remove. */
    public void detach() {
        rib.detached(this);
        rib.post(() -> rib.core().detach(state, System.nanoTime()));
    }

    @Override
    public String toString() {
        return "RibPeer " + state.name;
    }
}
