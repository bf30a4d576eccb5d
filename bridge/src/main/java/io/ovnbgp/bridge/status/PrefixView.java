package io.ovnbgp.bridge.status;

import io.ovnbgp.bgp.rib.PathView;
import io.ovnbgp.bgp.rib.Rib;
import io.ovnbgp.bgp.rib.RibPeer;
import io.ovnbgp.bgp.wire.PathAttributes;
import io.ovnbgp.bgp.wire.Prefix;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What an administrator asks of one prefix ({@code /status?prefix=P}), in both directions: the BGP paths the
 * peers sent (best and ECMP marked), and the peers this node advertises it to with the attributes each was told.
 * The OVN side (next hops → rows) comes from the reconciler, the origination from {@code LocalPrefixes}.
 */
public final class PrefixView {
    private PrefixView() {
    }

    /** Every path the peers sent for {@code p}, best first. */
    public static List<Map<String, Object>> bgpPaths(Rib rib, Prefix p) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (PathView v : get(rib.paths(p), List.<PathView>of())) {
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
            PathAttributes a = get(e.getValue().advertised(), Map.<Prefix, PathAttributes>of()).get(p);
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
        m.put("nextHop", a.nextHop().map(Object::toString)
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

    static <T> T get(java.util.concurrent.CompletableFuture<T> f, T orElse) {
        try {
            return f.get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            return orElse;
        }
    }
}
