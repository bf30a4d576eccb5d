package io.ovnbgp.bgp.rib;

import io.ovnbgp.bgp.fsm.Negotiated;
import io.ovnbgp.bgp.fsm.SessionEvent;
import io.ovnbgp.bgp.policy.ReceivePolicy;
import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.Capability;
import io.ovnbgp.bgp.wire.CodecContext;
import io.ovnbgp.bgp.wire.ErrorSubcode;
import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.NotificationMessage;
import io.ovnbgp.bgp.wire.PathAttributes;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bgp.wire.RouteRefreshMessage;
import io.ovnbgp.bgp.wire.UpdateMessage;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All RIB state and its logic; everything here runs on the RIB thread, one task at a time, without locks.
 *
 * <p>The table maps each prefix to a chain of {@link Path}s, one per peer that sent it: Adj-RIBs-In (per peer and
 * family, read by walking the chains) and Loc-RIB (the decision flags on the paths) in one structure, as BIRD
 * does. Locally originated prefixes live apart in the {@link LocalRib}, the only input of the {@link Exporter}.
 */
final class RibCore {
    private static final Logger LOG = LoggerFactory.getLogger(Rib.class);
    private static final Comparator<AfiSafi> FAMILY_ORDER =
            Comparator.comparingInt(AfiSafi::afi).thenComparingInt(AfiSafi::safi);

    private final RibSettings settings;
    private final RibLoop loop;
    private final RouteChangeQueue changes;
    /** This task's changes, in order; the loop hands them to {@link #changes} when the task ends. */
    private final List<RouteChange> unpublished = new ArrayList<>();
    private final PrefixTable table = new PrefixTable();
    private final LocalRib local = new LocalRib();
    private final AttributeInterner interner = new AttributeInterner();
    private final Exporter exporter = new Exporter(local, interner);
    private final DecisionProcess decision;
    private final Map<String, PeerState> peers = new LinkedHashMap<>();
    private final Map<PeerState, Set<Prefix>> exportSkipped = new HashMap<>();
    private final Exporter.Skip[] skip = new Exporter.Skip[1];
    private boolean flushScheduled;

    RibCore(RibSettings settings, RibLoop loop, RouteChangeQueue changes) {
        this.settings = settings;
        this.loop = loop;
        this.changes = changes;
        this.decision = new DecisionProcess(settings);
    }

    // ------------------------------------------------------------------------------------------ peers

    void register(PeerState p) {
        peers.put(p.name, p);
        exportSkipped.put(p, new HashSet<>());
    }

    void detach(PeerState p, long nanos) {
        if (p.detached) {
            return;
        }
        p.detached = true;
        p.cancelTimers();
        walk(p, (x, q) -> Op.REMOVE, true, nanos);
        p.out.clear();
        peers.remove(p.name);
        exportSkipped.remove(p);
        interner.purge();
    }

    void onEvent(PeerState p, PeerLink link, SessionEvent e, long nanos) {
        if (p.detached) {
            return;
        }
        if (e instanceof SessionEvent.Up up) {
            peerUp(p, link, up.negotiated(), nanos);
        } else if (e instanceof SessionEvent.Down down) {
            if (p.up) {
                peerDown(p, down, nanos);
            }
        } else if (e instanceof SessionEvent.Routes r) {
            if (p.up && !p.tornDown) {
                routes(p, r.update(), nanos);
            }
        } else if (e instanceof SessionEvent.EndOfRib eor) {
            if (p.up && !p.tornDown) {
                p.endOfRib.add(eor.family());
                sweepStale(p, eor.family(), nanos);
            }
        } else if (e instanceof SessionEvent.RefreshRequested rr) {
            if (p.up && !p.tornDown) {
                refreshRequested(p, rr.family(), rr.subtype(), nanos);
            }
        }
        interner.purge();
    }

    private void peerUp(PeerState p, PeerLink link, Negotiated n, long nanos) {
        p.link = link;
        p.negotiated = n;
        p.up = true;
        p.tornDown = false;
        p.maxPrefixWarned = false;
        p.nextHopWarned = false;
        p.endOfRib.clear();
        p.ebgp = n.remoteAs() != settings.localAs();
        p.routerId = n.remoteId();
        p.address = ip(n.remoteAddress());
        if (p.restartTimer != null) {
            p.restartTimer.cancel();
            p.restartTimer = null;
        }
        if (p.stale > 0) {
            // RFC 4724 §4.2: a family the restarted peer does not say it kept forwarding state for (F bit), or
            // no longer negotiates graceful restart for at all, loses its stale paths now
            Capability.GracefulRestart gr = n.peerGracefulRestart().orElse(null);
            for (AfiSafi f : List.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST)) {
                boolean kept = gr != null && gr.families().stream()
                        .anyMatch(g -> g.family().equals(f) && g.forwardingPreserved());
                if (!kept) {
                    sweepStale(p, f, nanos);
                }
            }
            if (p.stale > 0) {
                if (p.staleTimer != null) {
                    p.staleTimer.cancel();
                }
                p.staleTimer = loop.schedule(() -> {
                    p.staleTimer = null;
                    if (p.stale > 0) {
                        LOG.info("{}: no End-of-RIB within {}: removing {} stale paths", p.name,
                                settings.stalePathTime(), p.stale);
                        sweepStale(p, null, System.nanoTime());
                        interner.purge();
                    }
                }, settings.stalePathTime());
            }
        }
        // initial dump of the Adj-RIB-Out, then End-of-RIB for every negotiated family (RFC 4724 §2)
        p.out.clear();
        Set<Prefix> skipped = exportSkipped.get(p);
        skipped.clear();
        for (Prefix x : local.view().keySet()) {
            exportTo(p, x);
        }
        flush(p);
        List<AfiSafi> families = new ArrayList<>(n.families());
        families.sort(FAMILY_ORDER);
        for (AfiSafi f : families) {
            p.link.send(UpdateMessage.endOfRibMarker(f));
        }
        if (!skipped.isEmpty()) {
            LOG.warn("{}: {} locally originated prefixes not advertised: no next hop of their family on this "
                    + "session (configure one in the advertise policy)", p.name, skipped.size());
        }
    }

    private void peerDown(PeerState p, SessionEvent.Down d, long nanos) {
        boolean tornDown = p.tornDown;
        p.up = false;
        p.link = null;
        p.tornDown = false;
        p.endOfRib.clear();
        p.out.clear();
        exportSkipped.get(p).clear();
        Capability.GracefulRestart gr = p.negotiated == null ? null
                : p.negotiated.peerGracefulRestart().orElse(null);
        // RFC 4724 §4.2 applies to a session that ended without a NOTIFICATION (no RFC 8538 here: we do not
        // advertise the N bit)
        // RFC 4724 §4.2: only the families the peer listed in its capability keep their paths (FRR sends the
        // capability with a restart time and no family even when GR is off: that retains nothing)
        java.util.Set<AfiSafi> grFamilies = gr == null ? java.util.Set.of() : gr.families().stream()
                .map(Capability.GrFamily::family).collect(java.util.stream.Collectors.toUnmodifiableSet());
        boolean retain = gr != null && gr.restartTimeSeconds() > 0 && d.sent() == null && d.received() == null
                && !tornDown && !grFamilies.isEmpty();
        if (p.staleTimer != null) {
            p.staleTimer.cancel();
            p.staleTimer = null;
        }
        if (!retain) {
            if (p.restartTimer != null) {
                p.restartTimer.cancel();
                p.restartTimer = null;
            }
            walk(p, (x, q) -> Op.REMOVE, true, nanos);
            return;
        }
        walk(p, (x, q) -> {
            if (!grFamilies.contains(x.family())) {
                return Op.REMOVE;
            }
            q.set(Path.STALE, true);
            return Op.KEEP;
        }, true, nanos);
        Duration restart = Duration.ofSeconds(gr.restartTimeSeconds());
        LOG.info("{}: session down, graceful restart: keeping {} paths as stale for up to {} s", p.name, p.stale,
                gr.restartTimeSeconds());
        if (p.restartTimer != null) {
            p.restartTimer.cancel();
        }
        p.restartTimer = loop.schedule(() -> {
            p.restartTimer = null;
            if (!p.up && p.stale > 0) {
                LOG.info("{}: restart time {} s over: removing {} stale paths", p.name, gr.restartTimeSeconds(),
                        p.stale);
                sweepStale(p, null, System.nanoTime());
                interner.purge();
            }
        }, restart);
    }

    // ------------------------------------------------------------------------------------------ import

    private void routes(PeerState p, UpdateMessage u, long nanos) {
        for (Prefix w : u.allWithdrawn()) {
            p.withdrawn++;
            removePath(p, w, nanos);
        }
        if (u.isTreatAsWithdraw()) {
            return;
        }
        PathAttributes a = u.attributes();
        if (!u.nlri().isEmpty()) {
            // the classic NLRI's next hop is NEXT_HOP; an MP next hop in the same UPDATE is not theirs
            importAll(p, u.nlri(), a.mpNextHop().isPresent() ? a.toBuilder().mpNextHop(null).build() : a, nanos);
        }
        if (u.mpReach().isPresent() && !p.tornDown) {
            // RFC 4760 §3: with MP_REACH_NLRI, NEXT_HOP does not apply to its prefixes
            importAll(p, u.mpReach().get().prefixes(),
                    a.nextHop().isPresent() ? a.toBuilder().nextHop(null).build() : a, nanos);
        }
    }

    private void importAll(PeerState p, List<Prefix> prefixes, PathAttributes a, long nanos) {
        boolean soft = p.config.softReconfigInbound();
        RouteAttrs raw = soft ? interner.intern(a) : null; // pre-policy sets are kept only for soft reconfiguration
        boolean looped = a.asPath().map(path -> path.contains(settings.localAs())).orElse(false);
        PathAttributes acceptedAttrs = looped ? null : policyAttrs(p, a);
        RouteAttrs accepted = acceptedAttrs == null ? null : interner.intern(acceptedAttrs);
        String badNextHop = accepted == null ? null : badNextHop(p, accepted);
        if (badNextHop != null) {
            accepted = null;
        }
        ReceivePolicy policy = p.config.receive();
        for (Prefix x : prefixes) {
            p.received++;
            RouteAttrs use = accepted != null && accepted.nextHop != null && policy.acceptsPrefix(x) ? accepted : null;
            if (use == null) {
                if (looped) {
                    p.loopRejected++;
                } else if (badNextHop != null) {
                    p.nextHopRejected++;
                } else {
                    p.rejected++;
                }
                if (!soft) {
                    removePath(p, x, nanos); // an announcement we reject replaces what the peer said before
                    continue;
                }
            }
            store(p, x, use, raw, nanos);
            if (p.tornDown) {
                return;
            }
        }
    }

    /**
     * Why the accepted attributes' next hop cannot be used (RFC 4271 §6.3: the route is ignored), logged once per
     * session; null when it can. Checked on import and again whenever import policy is re-applied.
     */
    private String badNextHop(PeerState p, RouteAttrs a) {
        if (a.nextHop == null) {
            return null;
        }
        String problem = NextHopCheck.problem(a.nextHop, p.negotiated == null ? null : ip(p.negotiated.localAddress()));
        if (problem != null && !p.nextHopWarned) {
            p.nextHopWarned = true;
            LOG.warn("{}: ignoring routes with next hop {}: {} (RFC 4271 §6.3; logged once per session, counted in"
                    + " nextHopRejected)", p.name, a.nextHop, problem);
        }
        return problem;
    }

    /**
     * The attribute-level import policy: null if rejected; else the attributes to keep, LOCAL_PREF replaced for
     * eBGP peers (RFC 4271 §5.1.5: theirs means nothing here) or when the policy sets one.
     */
    private PathAttributes policyAttrs(PeerState p, PathAttributes in) {
        ReceivePolicy policy = p.config.receive();
        if (!policy.acceptsAttributes(in)) {
            return null;
        }
        OptionalLong set = policy.setLocalPref();
        if (!p.ebgp && set.isEmpty()) {
            return in;
        }
        long lp = set.orElse(RouteAttrs.DEFAULT_LOCAL_PREF);
        if (in.localPref().equals(OptionalLong.of(lp))) {
            return in;
        }
        return in.toBuilder().localPref(lp).build();
    }

    /** Installs or replaces the peer's path for {@code x}. */
    private void store(PeerState p, Prefix x, RouteAttrs attrs, RouteAttrs raw, long nanos) {
        long acceptedBefore = p.accepted();
        Path head = table.get(x);
        Path q = head;
        while (q != null && q.peer != p) {
            q = q.next;
        }
        if (q != null) {
            if (q.attrs == attrs && q.raw == raw) {
                if (q.is(Path.STALE)) {
                    q.set(Path.STALE, false); // sent again: no longer stale (nothing else changes)
                    p.stale--;
                }
                return;
            }
            List<IpAddress> before = DecisionProcess.nextHops(head);
            account(p, x, q, -1);
            q.attrs = attrs;
            q.raw = raw;
            q.set(Path.STALE, false);
            account(p, x, q, +1);
            decideAndPublish(x, head, before, nanos);
        } else {
            Path np = new Path(p, attrs, raw);
            account(p, x, np, +1);
            List<IpAddress> before = head == null ? List.of() : DecisionProcess.nextHops(head);
            np.next = head;
            table.put(x, np);
            if (attrs != null) {
                decideAndPublish(x, np, before, nanos);
            }
        }
        if (p.accepted() > acceptedBefore) {
            checkMaxPrefix(p, x.family());
        }
    }

    private void removePath(PeerState p, Prefix x, long nanos) {
        Path head = table.get(x);
        Path prev = null;
        Path q = head;
        while (q != null && q.peer != p) {
            prev = q;
            q = q.next;
        }
        if (q == null) {
            return;
        }
        List<IpAddress> before = DecisionProcess.nextHops(head);
        account(p, x, q, -1);
        if (prev == null) {
            head = q.next;
        } else {
            prev.next = q.next;
        }
        if (head == null) {
            table.remove(x);
            if (!before.isEmpty()) {
                publish(x, List.of(), nanos);
            }
            return;
        }
        if (prev == null) {
            table.put(x, head);
        }
        decideAndPublish(x, head, before, nanos);
    }

    private void decideAndPublish(Prefix x, Path head, List<IpAddress> before, long nanos) {
        decision.decide(head);
        List<IpAddress> after = DecisionProcess.nextHops(head);
        if (!after.equals(before)) {
            publish(x, after, nanos);
        }
    }

    /**
     * Adds ({@code sign} +1) or removes (-1) a path's share of its peer's counters and of its attribute sets'
     * reference counts. Every change to a path is bracketed by the two.
     */
    private void account(PeerState p, Prefix x, Path q, int sign) {
        if (sign > 0) {
            interner.retain(q.attrs);
            interner.retain(q.raw);
        } else {
            interner.release(q.attrs);
            interner.release(q.raw);
        }
        if (q.attrs != null) {
            p.countAccepted(x.isIpv6(), sign);
        } else {
            p.countKeptRejected(x.isIpv6(), sign);
        }
        if (q.is(Path.STALE)) {
            p.stale += sign;
        }
    }

    private void checkMaxPrefix(PeerState p, AfiSafi family) {
        long limit = p.config.maxPrefixes();
        if (limit <= 0 || p.accepted() <= limit) {
            return;
        }
        if (p.config.maxPrefixAction() == MaxPrefixAction.WARN) {
            p.maxPrefixExceeded++;
            if (!p.maxPrefixWarned) {
                p.maxPrefixWarned = true;
                LOG.warn("{}: {} accepted prefixes exceed the limit of {} (action warn: keeping them)", p.name,
                        p.accepted(), limit);
            }
            return;
        }
        if (p.tornDown || p.link == null) {
            return;
        }
        p.tornDown = true;
        p.teardowns++;
        p.maxPrefixExceeded++;
        Duration restart = p.config.restartAfter();
        LOG.warn("{}: {} accepted prefixes exceed the limit of {}: closing the session (Cease / Maximum Number of "
                + "Prefixes Reached){}", p.name, p.accepted(), limit,
                restart == null ? ", not restarting" : ", restarting in " + restart);
        p.link.stopAndRestart(maxPrefixNotification(family, limit), restart);
    }

    /** RFC 4486 §4: Cease subcode 1 with AFI (2 octets), SAFI (1 octet) and the upper bound (4 octets). */
    static NotificationMessage maxPrefixNotification(AfiSafi family, long limit) {
        long bound = Math.min(limit, 0xFFFFFFFFL);
        byte[] data = {(byte) (family.afi() >>> 8), (byte) family.afi(), (byte) family.safi(),
            (byte) (bound >>> 24), (byte) (bound >>> 16), (byte) (bound >>> 8), (byte) bound};
        return new NotificationMessage(ErrorSubcode.MAXIMUM_NUMBER_OF_PREFIXES_REACHED, data);
    }

    // ------------------------------------------------------------------------------------------ walks

    private enum Op { KEEP, CHANGED, REMOVE }

    @FunctionalInterface
    private interface PathOp {
        Op apply(Prefix x, Path q);
    }

    /**
     * Applies {@code op} to each of the peer's paths (one pass over the table: the Adj-RIB-In of a peer is its
     * paths in the chains). {@code decides}: whether the op can change a decision, i.e. whether to run it again.
     */
    private void walk(PeerState p, PathOp op, boolean decides, long nanos) {
        table.update((x, head) -> {
            Path prev = null;
            Path q = head;
            while (q != null && q.peer != p) {
                prev = q;
                q = q.next;
            }
            if (q == null) {
                return head;
            }
            List<IpAddress> before = decides ? DecisionProcess.nextHops(head) : null;
            account(p, x, q, -1);
            Op r = op.apply(x, q);
            if (r != Op.REMOVE) {
                account(p, x, q, +1);
                if (r == Op.CHANGED) {
                    decideAndPublish(x, head, before, nanos);
                }
                return head;
            }
            Path newHead = head;
            if (prev == null) {
                newHead = q.next;
            } else {
                prev.next = q.next;
            }
            if (newHead == null) {
                if (before != null && !before.isEmpty()) {
                    publish(x, List.of(), nanos);
                }
            } else {
                decideAndPublish(x, newHead, before == null ? DecisionProcess.nextHops(newHead) : before, nanos);
            }
            return newHead;
        });
    }

    /** Removes the peer's stale paths of a family (null = all), after End-of-RIB, EoRR or a timer. */
    private void sweepStale(PeerState p, AfiSafi family, long nanos) {
        if (p.stale == 0) {
            return;
        }
        walk(p, (x, q) -> q.is(Path.STALE) && (family == null || x.family().equals(family)) ? Op.REMOVE : Op.KEEP,
                true, nanos);
        if (p.stale == 0 && p.staleTimer != null) {
            p.staleTimer.cancel();
            p.staleTimer = null;
        }
    }

    private void refreshRequested(PeerState p, AfiSafi family, int subtype, long nanos) {
        switch (subtype) {
            case RouteRefreshMessage.NORMAL -> {
                flush(p);
                boolean enhanced = p.negotiated.enhancedRouteRefresh();
                if (enhanced) {
                    p.link.send(new RouteRefreshMessage(family, RouteRefreshMessage.BEGINNING_OF_ROUTE_REFRESH));
                }
                for (UpdateMessage m : p.out.dump(family, codec(p))) {
                    p.link.send(m);
                }
                if (enhanced) {
                    p.link.send(new RouteRefreshMessage(family, RouteRefreshMessage.END_OF_ROUTE_REFRESH));
                }
            }
            case RouteRefreshMessage.BEGINNING_OF_ROUTE_REFRESH -> {
                // RFC 7313 §4: the peer re-sends its routes; what it does not re-send before EoRR goes
                walk(p, (x, q) -> {
                    if (x.family().equals(family)) {
                        q.set(Path.STALE, true);
                    }
                    return Op.KEEP;
                }, false, nanos);
            }
            case RouteRefreshMessage.END_OF_ROUTE_REFRESH -> sweepStale(p, family, nanos);
            default -> { }
        }
    }

    // ------------------------------------------------------------------------------------------ policy changes

    void reconfigure(PeerState p, PeerRibConfig config, long nanos) {
        PeerRibConfig old = p.config;
        p.config = config;
        if (!old.receive().equals(config.receive()) || old.softReconfigInbound() != config.softReconfigInbound()) {
            reapplyImport(p, old.softReconfigInbound(), nanos);
        }
        if (!old.advertise().equals(config.advertise()) && p.up) {
            exportSkipped.get(p).clear();
            for (Prefix x : local.view().keySet()) {
                exportTo(p, x);
            }
            scheduleFlush();
        }
        if (old.maxPrefixes() != config.maxPrefixes() || old.maxPrefixAction() != config.maxPrefixAction()) {
            p.maxPrefixWarned = false;
            if (p.accepted() > 0) {
                checkMaxPrefix(p, p.accepted6 > p.accepted4 ? AfiSafi.IPV6_UNICAST : AfiSafi.IPV4_UNICAST);
            }
        }
        interner.purge();
    }

    /**
     * Applies the peer's new import policy. With the pre-policy paths kept (soft-reconfiguration inbound) that is
     * all; without, what is held is re-checked at once (a stricter policy takes effect now) and the peer is asked
     * for its routes again (RFC 2918) so that what the old policy dropped can come in.
     */
    private void reapplyImport(PeerState p, boolean hadRaw, long nanos) {
        boolean keepRaw = p.config.softReconfigInbound();
        ReceivePolicy policy = p.config.receive();
        long acceptedBefore = p.accepted();
        walk(p, (x, q) -> {
            RouteAttrs base = hadRaw && q.raw != null ? q.raw : q.attrs;
            if (base == null) {
                return Op.REMOVE;
            }
            PathAttributes accAttrs = base.containsAs(settings.localAs()) ? null : policyAttrs(p, base.attrs);
            RouteAttrs acc = accAttrs == null ? null : accAttrs == base.attrs ? base : interner.intern(accAttrs);
            if (acc != null && (acc.nextHop == null || !policy.acceptsPrefix(x) || badNextHop(p, acc) != null)) {
                acc = null;
            }
            RouteAttrs raw = keepRaw && hadRaw ? q.raw : null;
            if (acc == null && raw == null) {
                return Op.REMOVE;
            }
            if (acc == q.attrs && raw == q.raw) {
                return Op.KEEP;
            }
            q.attrs = acc;
            q.raw = raw;
            return Op.CHANGED;
        }, true, nanos);
        if (p.accepted() > acceptedBefore) {
            checkMaxPrefix(p, AfiSafi.IPV4_UNICAST);
        }
        if (!hadRaw && p.up && !p.tornDown) {
            if (p.negotiated.routeRefresh()) {
                List<AfiSafi> families = new ArrayList<>(p.negotiated.families());
                families.sort(FAMILY_ORDER);
                for (AfiSafi f : families) {
                    p.link.requestRouteRefresh(f);
                }
            } else {
                LOG.warn("{}: import policy changed but the peer does not support route refresh: paths it sent "
                        + "before and the old policy dropped stay out until the session restarts", p.name);
            }
        }
    }

    // ------------------------------------------------------------------------------------------ export

    /**
     * The change stream shows what the node should route to, so a prefix this node originates is not in it
     * even when peers send it back (anycast: another node announcing the same Service IP). Locally
     * originated routes win, as in every router: the learned paths are kept and reappear when the origination
     * is withdrawn.
     */
    private void publish(Prefix x, List<IpAddress> nextHops, long nanos) {
        if (local.get(x) == null) {
            unpublished.add(new RouteChange(x, nextHops, nanos));
        }
    }

    /** Hands the changes of the task that just ran to the consumer (the loop calls it after every task). */
    void flushChanges() {
        if (!unpublished.isEmpty()) {
            changes.publishAll(unpublished);
            unpublished.clear();
        }
    }

    private List<IpAddress> learnedNextHops(Prefix x) {
        Path head = table.get(x);
        return head == null ? List.of() : DecisionProcess.nextHops(head);
    }

    void originate(Prefix x, OriginAttributes a) {
        OriginAttributes old = local.put(x, a);
        if (a.equals(old)) {
            return;
        }
        if (old == null && !learnedNextHops(x).isEmpty()) {
            unpublished.add(new RouteChange(x, List.of(), System.nanoTime()));
        }
        for (PeerState p : peers.values()) {
            if (p.up) {
                exportTo(p, x);
            }
        }
        scheduleFlush();
    }

    void withdrawOriginated(Prefix x) {
        if (local.remove(x) == null) {
            return;
        }
        List<IpAddress> learned = learnedNextHops(x);
        if (!learned.isEmpty()) {
            unpublished.add(new RouteChange(x, learned, System.nanoTime()));
        }
        for (PeerState p : peers.values()) {
            if (p.up) {
                exportTo(p, x);
            }
        }
        scheduleFlush();
    }

    private void exportTo(PeerState p, Prefix x) {
        Exporter.Advertisement a = exporter.export(x, p.config.advertise(), exportContext(p), skip);
        Set<Prefix> skipped = exportSkipped.get(p);
        if (skip[0] == Exporter.Skip.NO_NEXT_HOP) {
            skipped.add(x);
        } else {
            skipped.remove(x);
        }
        p.out.set(x, a);
    }

    private Exporter.Context exportContext(PeerState p) {
        Negotiated n = p.negotiated;
        return new Exporter.Context(settings.localAs(), p.ebgp, ip(n.localAddress()), n.families());
    }

    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            // runs after every task already queued: changes arriving together leave together
            loop.execute(() -> {
                flushScheduled = false;
                for (PeerState p : peers.values()) {
                    flush(p);
                }
            });
        }
    }

    private void flush(PeerState p) {
        if (!p.up || !p.out.hasPending()) {
            return;
        }
        for (UpdateMessage m : p.out.drainPending(codec(p))) {
            p.link.send(m);
        }
    }

    private static CodecContext codec(PeerState p) {
        return p.negotiated.codecContext();
    }

    // ------------------------------------------------------------------------------------------ snapshots

    /**
     * Every accepted path of the prefix: the best first, then the rest of the ECMP set, then the others, each
     * group in tie-break order (router ID, peer address).
     */
    List<PathView> paths(Prefix x) {
        List<PathView> out = new ArrayList<>();
        for (Path q = table.get(x); q != null; q = q.next) {
            if (q.attrs != null) {
                out.add(new PathView(q.peer.name, q.peer.address, q.peer.routerId, q.peer.ebgp, q.attrs.attrs,
                        q.attrs.nextHop, q.is(Path.BEST), q.is(Path.MULTIPATH), q.is(Path.STALE)));
            }
        }
        out.sort(Comparator.comparing((PathView v) -> !v.best()).thenComparing(v -> !v.multipath())
                .thenComparing((v, w) -> Integer.compareUnsigned(v.peerRouterId(), w.peerRouterId()))
                .thenComparing((v, w) -> DecisionProcess.compare(v.peerAddress(), w.peerAddress()))
                .thenComparing(PathView::peer));
        return out;
    }

    /**
     * The first {@code limit} prefixes (in prefix order) with an accepted path, and how many there are: one pass
     * keeping the lowest {@code limit} in a bounded heap, so a full table costs O(n log limit) and no copy of it.
     */
    LearnedPage learned(int limit) {
        java.util.PriorityQueue<Prefix> lowest = new java.util.PriorityQueue<>(Comparator.reverseOrder());
        int[] total = {0};
        table.forEach((x, head) -> {
            boolean accepted = false;
            for (Path q = head; q != null && !accepted; q = q.next) {
                accepted = q.attrs != null;
            }
            if (!accepted) {
                return;
            }
            total[0]++;
            if (lowest.size() < limit) {
                lowest.add(x);
            } else if (limit > 0 && x.compareTo(lowest.peek()) < 0) {
                lowest.poll();
                lowest.add(x);
            }
        });
        List<Prefix> page = new ArrayList<>(lowest);
        page.sort(Comparator.naturalOrder());
        List<LearnedPage.Entry> entries = new ArrayList<>(page.size());
        for (Prefix x : page) {
            entries.add(new LearnedPage.Entry(x, paths(x)));
        }
        return new LearnedPage(entries, total[0]);
    }

    Map<Prefix, List<IpAddress>> snapshot() {
        Map<Prefix, List<IpAddress>> out = new HashMap<>();
        table.forEach((x, head) -> {
            List<IpAddress> nh = DecisionProcess.nextHops(head);
            if (!nh.isEmpty() && local.get(x) == null) {
                out.put(x, nh);
            }
        });
        return out;
    }

    Map<String, PeerRibStats> stats() {
        Map<String, PeerRibStats> out = new LinkedHashMap<>();
        for (PeerState p : peers.values()) {
            out.put(p.name, stats(p));
        }
        return out;
    }

    PeerRibStats stats(PeerState p) {
        Set<Prefix> skipped = exportSkipped.get(p);
        p.exportSkipped = skipped == null ? 0 : skipped.size();
        return p.stats();
    }

    /** The peer's accepted paths of a family (its Adj-RIB-In after policy), sorted. */
    Map<Prefix, PathAttributes> adjRibIn(PeerState p, AfiSafi family) {
        Map<Prefix, PathAttributes> out = new TreeMap<>();
        table.forEach((x, head) -> {
            if (x.family().equals(family)) {
                for (Path q = head; q != null; q = q.next) {
                    if (q.peer == p && q.attrs != null) {
                        out.put(x, q.attrs.attrs);
                    }
                }
            }
        });
        return out;
    }

    Map<Prefix, PathAttributes> adjRibOut(PeerState p) {
        return new TreeMap<>(p.out.advertised());
    }

    Map<Prefix, OriginAttributes> originated() {
        return new TreeMap<>(local.view());
    }

    int prefixCount() {
        return table.size();
    }

    int internedSets() {
        return interner.size();
    }

    static IpAddress ip(InetSocketAddress a) {
        return a == null ? null : ip(a.getAddress());
    }

    static IpAddress ip(InetAddress a) {
        if (a == null) {
            return null;
        }
        byte[] b = a.getAddress();
        if (b.length == 4) {
            return IpAddress.v4(((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF));
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (b[i] & 0xFF);
            lo = (lo << 8) | (b[i + 8] & 0xFF);
        }
        return IpAddress.v6(hi, lo);
    }
}
