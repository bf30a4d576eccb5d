package io.ovnbgp.bgp.rib;

import io.ovnbgp.bgp.policy.ReceivePolicy;
import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.PathAttributes;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bgp.wire.UpdateMessage;
import java.util.List;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a peer sends, into the {@link RouteTable}: loop detection, the next-hop check, the peer's import policy
 * (again over what is held when that policy changes), then the max-prefix limit. RIB thread only.
 */
final class Importer {
    /** The RIB's logger: one name to configure for all its parts. */
    private static final Logger LOG = LoggerFactory.getLogger(Rib.class);

    private final RibSettings settings;
    private final RouteTable routes;
    private final AttributeInterner interner;
    private final MaxPrefixGuard maxPrefix;

    Importer(RibSettings settings, RouteTable routes, AttributeInterner interner, MaxPrefixGuard maxPrefix) {
        this.settings = settings;
        this.routes = routes;
        this.interner = interner;
        this.maxPrefix = maxPrefix;
    }

    /** One UPDATE: its withdrawals, then its announcements. */
    void update(PeerState p, UpdateMessage u, long nanos) {
        for (Prefix w : u.allWithdrawn()) {
            p.countWithdrawn();
            routes.remove(p, w, nanos);
        }
        if (u.isTreatAsWithdraw()) {
            return;
        }
        PathAttributes a = u.attributes();
        if (!u.nlri().isEmpty()) {
            // the classic NLRI's next hop is NEXT_HOP; an MP next hop in the same UPDATE is not theirs
            importAll(
                    p,
                    u.nlri(),
                    a.mpNextHop().isPresent() ? a.toBuilder().mpNextHop(null).build() : a,
                    nanos);
        }
        if (u.mpReach().isPresent() && !p.tornDown()) {
            // RFC 4760 §3: with MP_REACH_NLRI, NEXT_HOP does not apply to its prefixes
            importAll(
                    p,
                    u.mpReach().get().prefixes(),
                    a.nextHop().isPresent() ? a.toBuilder().nextHop(null).build() : a,
                    nanos);
        }
    }

    private void importAll(PeerState p, List<Prefix> prefixes, PathAttributes a, long nanos) {
        boolean soft = p.config().softReconfigInbound();
        RouteAttrs raw = soft ? interner.intern(a) : null; // pre-policy sets are kept only for soft reconfiguration
        boolean looped =
                a.asPath().map(path -> path.contains(settings.localAs())).orElse(false);
        PathAttributes acceptedAttrs = looped ? null : policyAttrs(p, a);
        RouteAttrs accepted = acceptedAttrs == null ? null : interner.intern(acceptedAttrs);
        String badNextHop = accepted == null ? null : badNextHop(p, accepted);
        if (badNextHop != null) {
            accepted = null;
        }
        ReceivePolicy policy = p.config().receive();
        for (Prefix x : prefixes) {
            p.countReceived();
            RouteAttrs use = accepted != null && accepted.nextHop != null && policy.acceptsPrefix(x) ? accepted : null;
            if (use == null) {
                if (looped) {
                    p.countLoopRejected();
                } else if (badNextHop != null) {
                    p.countNextHopRejected();
                } else {
                    p.countRejected();
                }
                if (!soft) {
                    routes.remove(p, x, nanos); // an announcement we reject replaces what the peer said before
                    continue;
                }
            }
            long acceptedBefore = p.accepted();
            routes.store(p, x, use, raw, nanos);
            if (p.accepted() > acceptedBefore) {
                maxPrefix.check(p, x.family());
            }
            if (p.tornDown()) {
                // the prefix that crossed a teardown limit goes in the same pass, so that its announcement and its
                // removal reach the change stream together: OVN never holds more than the limit (hack/chaos/flood)
                routes.remove(p, x, nanos);
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
        String problem = NextHopCheck.problem(
                a.nextHop,
                p.negotiated() == null ? null : Addresses.ip(p.negotiated().localAddress()));
        if (problem != null && p.warnNextHopOnce()) {
            LOG.warn(
                    "{}: ignoring routes with next hop {}: {} (RFC 4271 §6.3; logged once per session, counted in"
                            + " nextHopRejected)",
                    p.name,
                    a.nextHop,
                    problem);
        }
        return problem;
    }

    /**
     * The attribute-level import policy: null if rejected; else the attributes to keep, LOCAL_PREF replaced for
     * eBGP peers (RFC 4271 §5.1.5: theirs means nothing here) or when the policy sets one.
     */
    private PathAttributes policyAttrs(PeerState p, PathAttributes in) {
        ReceivePolicy policy = p.config().receive();
        if (!policy.acceptsAttributes(in)) {
            return null;
        }
        OptionalLong set = policy.setLocalPref();
        if (!p.ebgp() && set.isEmpty()) {
            return in;
        }
        long lp = set.orElse(RouteAttrs.DEFAULT_LOCAL_PREF);
        if (in.localPref().equals(OptionalLong.of(lp))) {
            return in;
        }
        return in.toBuilder().localPref(lp).build();
    }

    /**
     * Applies the peer's new import policy. With the pre-policy paths kept (soft-reconfiguration inbound) that is
     * all; without, what is held is re-checked at once (a stricter policy takes effect now) and the peer is asked
     * for its routes again (RFC 2918) so that what the old policy dropped can come in.
     */
    void reapply(PeerState p, boolean hadRaw, long nanos) {
        long acceptedBefore = p.accepted();
        routes.walk(p, (x, q) -> reapply(p, x, q, hadRaw), true, nanos);
        if (p.accepted() > acceptedBefore) {
            maxPrefix.check(p, AfiSafi.IPV4_UNICAST);
        }
        if (!hadRaw && p.accepting()) {
            if (p.negotiated().routeRefresh()) {
                for (AfiSafi f : p.families()) {
                    p.link().requestRouteRefresh(f);
                }
            } else {
                LOG.warn(
                        "{}: import policy changed but the peer does not support route refresh: paths it sent "
                                + "before and the old policy dropped stay out until the session restarts",
                        p.name);
            }
        }
    }

    /** The new policy applied to one held path. */
    private RouteTable.Op reapply(PeerState p, Prefix x, int q, boolean hadRaw) {
        PathArena paths = routes.paths();
        RouteAttrs qRaw = paths.raw(q);
        RouteAttrs qAttrs = paths.attrs(q);
        RouteAttrs base = hadRaw && qRaw != null ? qRaw : qAttrs;
        if (base == null) {
            return RouteTable.Op.REMOVE;
        }
        PathAttributes accAttrs = base.containsAs(settings.localAs()) ? null : policyAttrs(p, base.attrs);
        RouteAttrs acc = accAttrs == null ? null : accAttrs == base.attrs ? base : interner.intern(accAttrs);
        if (acc != null
                && (acc.nextHop == null || !p.config().receive().acceptsPrefix(x) || badNextHop(p, acc) != null)) {
            acc = null;
        }
        RouteAttrs raw = p.config().softReconfigInbound() && hadRaw ? qRaw : null;
        if (acc == null && raw == null) {
            return RouteTable.Op.REMOVE;
        }
        if (acc == qAttrs && raw == qRaw) {
            return RouteTable.Op.KEEP;
        }
        paths.setAttrs(q, acc);
        paths.setRaw(q, raw);
        return RouteTable.Op.CHANGED;
    }
}
