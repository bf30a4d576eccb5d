package io.ovnbgp.bridge.status;

import io.ovnbgp.bgp.rib.PathView;
import io.ovnbgp.bgp.rib.Rib;
import io.ovnbgp.bgp.rib.RibPeer;
import io.ovnbgp.bgp.wire.PathAttributes;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bridge.bgp.BoundedWait;
import io.ovnbgp.bridge.bgp.LocalPrefixes;
import io.ovnbgp.bridge.ovn.WriterView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What an administrator asks of one prefix ({@code /status?prefix=P}), in both directions: the BGP paths the
 * peers sent (best and ECMP marked), and the peers this node advertises it to with the attributes each was told.
 * The OVN side (next hops → rows) comes from {@link OvnRoutesView}, the origination from {@code LocalPrefixes}.
 */
public final class PrefixView {
    /** How long a view waits for the RIB's answer. */
    static final Duration RIB_WAIT = Duration.ofSeconds(2);

    private PrefixView() {}

    /**
     * The view of the prefix a status query names ({@code prefix=P}), or an {@code error} naming what is wrong
     * with it; empty when the query names none. Learned: the peers' paths → the ECMP next hops → the OVN rows;
     * originated: → the peers told.
     */
    public static Optional<Map<String, Object>> ofQuery(
            String query, WriterView ovn, Rib rib, LocalPrefixes local, Supplier<Map<String, RibPeer>> peers) {
        String prefix = QueryString.param(query, "prefix");
        if (prefix == null) {
            return Optional.empty();
        }
        try {
            Prefix p = Prefix.parse(prefix);
            Map<String, Object> route = new LinkedHashMap<>(OvnRoutesView.route(ovn, p));
            route.put("bgpPaths", bgpPaths(rib, p));
            route.put("originated", local.view(p));
            route.put("advertisedTo", advertisedTo(peers.get(), p));
            return Optional.of(route);
        } catch (IllegalArgumentException e) {
            return Optional.of(Map.of("error", e.getMessage()));
        }
    }

    /** Every path the peers sent for {@code p}, best first. */
    public static List<Map<String, Object>> bgpPaths(Rib rib, Prefix p) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (PathView v : BoundedWait.orElse(rib.paths(p), RIB_WAIT, List.<PathView>of())) {
            out.add(path(v));
        }
        return out;
    }

    /** One path as /status and /routes show it. */
    public static Map<String, Object> path(PathView v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("peer", v.peer());
        m.put("peerAddress", v.peerAddress() == null ? null : v.peerAddress().toString());
        m.put("nextHop", v.nextHop() == null ? null : v.nextHop().toString());
        m.put("best", v.best());
        m.put("multipath", v.multipath());
        m.put("stale", v.stale());
        attributes(m, v.attributes());
        return m;
    }

    /** The peers {@code p} is advertised to, each with what it was told. */
    public static List<Map<String, Object>> advertisedTo(Map<String, RibPeer> peers, Prefix p) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Map.Entry<String, RibPeer> e : peers.entrySet()) {
            Map<Prefix, PathAttributes> told = BoundedWait.orElse(e.getValue().advertised(), RIB_WAIT, Map.of());
            PathAttributes a = told.get(p);
            if (a != null) {
                out.add(advertised(e.getKey(), a));
            }
        }
        return out;
    }

    /** What {@code peer} was told of a prefix: the next hop and attributes it was sent. */
    public static Map<String, Object> advertised(String peer, PathAttributes a) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("peer", peer);
        m.put(
                "nextHop",
                a.nextHop()
                        .map(Object::toString)
                        .orElse(a.mpNextHop().map(n -> n.global().toString()).orElse(null)));
        attributes(m, a);
        return m;
    }

    private static void attributes(Map<String, Object> m, PathAttributes a) {
        m.put("asPath", a.asPath().map(Object::toString).orElse(""));
        a.localPref().ifPresent(lp -> m.put("localPref", lp));
        a.med().ifPresent(med -> m.put("med", med));
        if (!a.communities().isEmpty()) {
            m.put("communities", a.communities().toString());
        }
        if (!a.largeCommunities().isEmpty()) {
            m.put("largeCommunities", a.largeCommunities().toString());
        }
    }
}
