package io.ovnbgp.bgp.rib;

import io.ovnbgp.bgp.fsm.Negotiated;
import io.ovnbgp.bgp.fsm.SessionEvent;
import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.PathAttributes;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bgp.wire.RouteRefreshMessage;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * All RIB state, and the entry point of every task that changes it: peers coming and going, their sessions'
 * events, new policies, local prefixes. Everything here runs on the RIB thread, one task at a time, without locks;
 * each part does one thing:
 *
 * <ul>
 *   <li>{@link RouteTable}: every peer's paths per prefix, the decision, the change stream;
 *   <li>{@link Importer} and {@link MaxPrefixGuard}: what a peer sends, through its import policy and limit;
 *   <li>{@link GracefulRestart}: stale paths across a peer's restart or route refresh;
 *   <li>{@link ExportScheduler}: the locally originated prefixes ({@link LocalRib}, the only input of the
 *       {@link Exporter}) to each peer;
 *   <li>{@link RibViews}: read-only copies for status and consumers.
 * </ul>
 */
final class RibCore {
    private final RibSettings settings;
    private final AttributeInterner interner = new AttributeInterner();
    private final LocalRib local = new LocalRib();
    private final Map<String, PeerState> peers = new LinkedHashMap<>();
    private final PathArena paths;
    private final RouteTable routes;
    private final MaxPrefixGuard maxPrefix = new MaxPrefixGuard();
    private final Importer importer;
    private final GracefulRestart gracefulRestart;
    private final ExportScheduler exports;
    private final RibViews views;

    RibCore(RibSettings settings, RibLoop loop, RouteChangeQueue changes) {
        this.settings = settings;
        PrefixTable table = new PrefixTable();
        this.paths = new PathArena(interner);
        this.routes = new RouteTable(table, paths, local, interner, settings, changes);
        this.importer = new Importer(settings, routes, interner, maxPrefix);
        this.gracefulRestart = new GracefulRestart(settings, loop, routes, interner);
        this.exports = new ExportScheduler(settings, loop, local, new Exporter(local, interner), peers.values());
        this.views = new RibViews(table, paths, local, interner, peers.values());
    }

    // ------------------------------------------------------------------------------------------ peers

    void register(PeerState p) {
        peers.put(p.name, p);
        paths.register(p);
    }

    void detach(PeerState p, long nanos) {
        if (!p.detach()) {
            return;
        }
        routes.removeAll(p, nanos);
        peers.remove(p.name);
        interner.purge();
    }

    /** A session's event, in the order the session reported it; ignored once the peer is detached. */
    void onEvent(PeerState p, PeerLink link, SessionEvent e, long nanos) {
        if (p.detached()) {
            return;
        }
        if (e instanceof SessionEvent.Up up) {
            peerUp(p, link, up.negotiated(), nanos);
        } else if (e instanceof SessionEvent.Down down) {
            if (p.up()) {
                boolean tornDown = p.sessionDown();
                gracefulRestart.sessionDown(p, down, tornDown, nanos);
            }
        } else if (p.accepting()) {
            // what a session delivers after we closed it for max-prefix, until its Down, is ignored
            sessionMessage(p, e, nanos);
        }
        interner.purge();
    }

    private void peerUp(PeerState p, PeerLink link, Negotiated n, long nanos) {
        p.sessionUp(link, n, n.remoteAs() != settings.localAs(), Addresses.ip(n.remoteAddress()));
        gracefulRestart.sessionUp(p, n, nanos);
        exports.sessionUp(p);
    }

    private void sessionMessage(PeerState p, SessionEvent e, long nanos) {
        if (e instanceof SessionEvent.Routes r) {
            importer.update(p, r.update(), nanos);
        } else if (e instanceof SessionEvent.EndOfRib eor) {
            p.endOfRib(eor.family());
            gracefulRestart.sweep(p, eor.family(), nanos);
        } else if (e instanceof SessionEvent.RefreshRequested rr) {
            refreshRequested(p, rr.family(), rr.subtype(), nanos);
        }
    }

    private void refreshRequested(PeerState p, AfiSafi family, int subtype, long nanos) {
        switch (subtype) {
            case RouteRefreshMessage.NORMAL -> exports.resend(p, family);
            case RouteRefreshMessage.BEGINNING_OF_ROUTE_REFRESH -> gracefulRestart.beginRefresh(p, family, nanos);
            case RouteRefreshMessage.END_OF_ROUTE_REFRESH -> gracefulRestart.sweep(p, family, nanos);
            default -> {}
        }
    }

    /** New policies and limits for the peer; each part re-applies what changed. */
    void reconfigure(PeerState p, PeerRibConfig config, long nanos) {
        PeerRibConfig old = p.reconfigure(config);
        if (!old.receive().equals(config.receive()) || old.softReconfigInbound() != config.softReconfigInbound()) {
            importer.reapply(p, old.softReconfigInbound(), nanos);
        }
        if (!old.advertise().equals(config.advertise())) {
            exports.policyChanged(p);
        }
        if (old.maxPrefixes() != config.maxPrefixes() || old.maxPrefixAction() != config.maxPrefixAction()) {
            maxPrefix.limitsChanged(p);
        }
        interner.purge();
    }

    // ------------------------------------------------------------------------------------------ local prefixes

    void originate(Prefix x, OriginAttributes a) {
        OriginAttributes old = local.put(x, a);
        if (a.equals(old)) {
            return;
        }
        if (old == null) {
            routes.hideLearned(x);
        }
        exports.localChanged(x);
    }

    void withdrawOriginated(Prefix x) {
        if (local.remove(x) == null) {
            return;
        }
        routes.showLearned(x);
        exports.localChanged(x);
    }

    /** Hands the changes of the task that just ran to the consumer (the loop calls it after every task). */
    void flushChanges() {
        routes.flushChanges();
    }

    // ------------------------------------------------------------------------------------------ reads

    RibViews views() {
        return views;
    }

    PeerRibStats stats(PeerState p) {
        return p.stats();
    }

    Map<Prefix, PathAttributes> adjRibIn(PeerState p, AfiSafi family) {
        return views.adjRibIn(p, family);
    }

    Map<Prefix, PathAttributes> adjRibOut(PeerState p) {
        return views.adjRibOut(p);
    }

    int internedSets() {
        return views.internedSets();
    }
}
