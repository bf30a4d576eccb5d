package io.ovnbgp.bridge.status;

import io.ovnbgp.bgp.rib.LearnedPage;
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

/**
 * {@code /routes}: the whole table as {@code show ip bgp} shows it, in one JSON document. Each learned prefix with
 * its paths and its OVN rows; each originated prefix with the peers it was sent to. Both lists are cut at
 * {@code ?limit=} (default {@value #DEFAULT_LIMIT}, at most {@value #MAX_LIMIT}) in prefix order and say how many
 * more there are: a full Internet table must not turn one HTTP request into a copy of the RIB.
 */
public final class RoutesView {
    public static final int DEFAULT_LIMIT = 10_000;
    public static final int MAX_LIMIT = 100_000;
    /** How long the view waits for the RIB's page of learned routes. */
    private static final Duration LEARNED_WAIT = Duration.ofSeconds(10);

    private RoutesView() {}

    /** The view for a raw query string ({@code limit=N}), or an {@code error} naming a bad limit. */
    public static Map<String, Object> of(
            String query, Rib rib, Map<String, RibPeer> peers, WriterView ovn, LocalPrefixes local) {
        int limit;
        try {
            limit = limit(QueryString.param(query, "limit"));
        } catch (IllegalArgumentException e) {
            return Map.of("error", e.getMessage());
        }
        Object answer = BoundedWait.get(rib.learned(limit), LEARNED_WAIT, e -> "the RIB did not answer: " + e);
        if (!(answer instanceof LearnedPage page)) {
            return Map.of("error", answer);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("limit", limit);
        List<Map<String, Object>> learned = learned(page, ovn);
        out.put("learned", learned);
        out.put("learnedTotal", page.total());
        out.put("learnedMore", Math.max(0, page.total() - learned.size()));
        Map<String, Object> originated = local.view();
        List<Map<String, Object>> orig = originated(originated, peers, limit);
        out.put("originated", orig);
        out.put("originatedTotal", originated.size());
        out.put("originatedMore", Math.max(0, originated.size() - orig.size()));
        return out;
    }

    /** Each learned prefix of the page with its paths and its OVN side. */
    private static List<Map<String, Object>> learned(LearnedPage page, WriterView ovn) {
        Map<Prefix, Map<String, Object>> rows = OvnRoutesView.routes(
                ovn, page.entries().stream().map(LearnedPage.Entry::prefix).toList());
        List<Map<String, Object>> learned = new ArrayList<>(page.entries().size());
        for (LearnedPage.Entry e : page.entries()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("prefix", e.prefix().toString());
            List<Map<String, Object>> paths = new ArrayList<>(e.paths().size());
            for (PathView v : e.paths()) {
                paths.add(PrefixView.path(v));
            }
            m.put("paths", paths);
            Map<String, Object> o = rows.get(e.prefix());
            m.put("router", o.get("router"));
            m.put("nextHops", o.get("nextHops"));
            m.put("heldBack", o.get("heldBack"));
            m.put("rows", o.get("rows"));
            learned.add(m);
        }
        return learned;
    }

    /** The first {@code limit} originated prefixes, each with the peers it was sent to. */
    private static List<Map<String, Object>> originated(
            Map<String, Object> originated, Map<String, RibPeer> peers, int limit) {
        Map<String, Map<Prefix, PathAttributes>> told = new LinkedHashMap<>();
        peers.forEach(
                (name, peer) -> told.put(name, BoundedWait.orElse(peer.advertised(), PrefixView.RIB_WAIT, Map.of())));
        List<Map<String, Object>> orig = new ArrayList<>();
        for (Map.Entry<String, Object> e : originated.entrySet()) {
            if (orig.size() >= limit) {
                break;
            }
            Prefix p = Prefix.parse(e.getKey());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("prefix", e.getKey());
            m.putAll(castMap(e.getValue()));
            List<Map<String, Object>> to = new ArrayList<>();
            told.forEach((name, adv) -> {
                PathAttributes a = adv.get(p);
                if (a != null) {
                    to.add(PrefixView.advertised(name, a));
                }
            });
            m.put("advertisedTo", to);
            orig.add(m);
        }
        return orig;
    }

    static int limit(String text) {
        if (text == null || text.isEmpty()) {
            return DEFAULT_LIMIT;
        }
        int n;
        try {
            n = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit: not a number: " + text);
        }
        if (n < 0 || n > MAX_LIMIT) {
            throw new IllegalArgumentException("limit: must be 0 to " + MAX_LIMIT + ", got " + n);
        }
        return n;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object o) {
        return (Map<String, Object>) o;
    }
}
