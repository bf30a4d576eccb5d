package io.ovnbgp.bgp.rib;

import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.CodecContext;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bgp.wire.RouteRefreshMessage;
import io.ovnbgp.bgp.wire.UpdateMessage;
import java.util.Collection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When and to whom the {@link Exporter}'s advertisements go: the initial dump of a session that comes up, a
 * changed local prefix to every peer, a changed export policy, a route refresh. Changes go to the peers'
 * Adj-RIBs-Out at once and leave as UPDATEs in one flush after the tasks already queued, so that changes
 * arriving together leave together. RIB thread only.
 */
final class ExportScheduler {
    /** The RIB's logger: one name to configure for all its parts. */
    private static final Logger LOG = LoggerFactory.getLogger(Rib.class);

    private final RibSettings settings;
    private final RibLoop loop;
    private final LocalRib local;
    private final Exporter exporter;
    private final Collection<PeerState> peers;
    private boolean flushScheduled;

    ExportScheduler(
            RibSettings settings, RibLoop loop, LocalRib local, Exporter exporter, Collection<PeerState> peers) {
        this.settings = settings;
        this.loop = loop;
        this.local = local;
        this.exporter = exporter;
        this.peers = peers;
    }

    /** The initial dump of the Adj-RIB-Out, then End-of-RIB for every negotiated family (RFC 4724 §2). */
    void sessionUp(PeerState p) {
        for (Prefix x : local.view().keySet()) {
            exportTo(p, x);
        }
        flush(p);
        for (AfiSafi f : p.families()) {
            p.link().send(UpdateMessage.endOfRibMarker(f));
        }
        if (p.exportSkippedCount() > 0) {
            LOG.warn(
                    "{}: {} locally originated prefixes not advertised: no next hop of their family on this "
                            + "session (configure one in the advertise policy)",
                    p.name,
                    p.exportSkippedCount());
        }
    }

    /** A local prefix was originated, changed or withdrawn: every peer that is up is told. */
    void localChanged(Prefix x) {
        for (PeerState p : peers) {
            if (p.up()) {
                exportTo(p, x);
            }
        }
        scheduleFlush();
    }

    /** The peer's export policy changed: what it is told is worked out again. */
    void policyChanged(PeerState p) {
        if (!p.up()) {
            return;
        }
        p.clearExportSkipped();
        for (Prefix x : local.view().keySet()) {
            exportTo(p, x);
        }
        scheduleFlush();
    }

    /**
     * The peer asks for our routes of a family again (RFC 2918), framed by BoRR and EoRR when enhanced route
     * refresh is negotiated (RFC 7313).
     */
    void resend(PeerState p, AfiSafi family) {
        flush(p);
        boolean enhanced = p.negotiated().enhancedRouteRefresh();
        if (enhanced) {
            p.link().send(new RouteRefreshMessage(family, RouteRefreshMessage.BEGINNING_OF_ROUTE_REFRESH));
        }
        for (UpdateMessage m : p.out().dump(family, codec(p))) {
            p.link().send(m);
        }
        if (enhanced) {
            p.link().send(new RouteRefreshMessage(family, RouteRefreshMessage.END_OF_ROUTE_REFRESH));
        }
    }

    private void exportTo(PeerState p, Prefix x) {
        Exporter.ExportResult r = exporter.export(x, p.config().advertise(), exportContext(p));
        p.exportSkipped(x, r == Exporter.Skipped.NO_NEXT_HOP);
        p.out().set(x, r instanceof Exporter.Advertisement a ? a : null);
    }

    private Exporter.Context exportContext(PeerState p) {
        return new Exporter.Context(
                settings.localAs(),
                p.ebgp(),
                Addresses.ip(p.negotiated().localAddress()),
                p.negotiated().families());
    }

    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            // runs after every task already queued: changes arriving together leave together
            loop.execute(() -> {
                flushScheduled = false;
                for (PeerState p : peers) {
                    flush(p);
                }
            });
        }
    }

    private void flush(PeerState p) {
        if (!p.up() || !p.out().hasPending()) {
            return;
        }
        for (UpdateMessage m : p.out().drainPending(codec(p))) {
            p.link().send(m);
        }
    }

    private static CodecContext codec(PeerState p) {
        return p.negotiated().codecContext();
    }
}
