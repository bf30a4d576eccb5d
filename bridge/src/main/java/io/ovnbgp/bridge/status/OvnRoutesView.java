package io.ovnbgp.bridge.status;

import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bridge.ovn.RoutePlanner;
import io.ovnbgp.bridge.ovn.WriterStats;
import io.ovnbgp.bridge.ovn.WriterView;
import io.ovnbgp.ovsdb.nb.NbSnapshot;
import io.ovnbgp.ovsdb.nb.StaticRoute;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The OVN side of the status: the writer's state ({@code routes} in {@code /status}) and, per prefix, the next
 * hops BGP wants, whether {@code ovn.maxRoutes} holds it back, and the rows NB has for it on the router.
 */
public final class OvnRoutesView {
    private OvnRoutesView() {}

    /** The writer: rows owned, the cap, the start-up convergence, transactions, the sync lag. */
    public static Map<String, Object> summary(WriterView w) {
        WriterStats st = w.stats();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("router", w.settings().router());
        m.put("rowsOwned", st.rowsOwned());
        m.put("prefixesWanted", w.prefixesWanted());
        m.put("maxRoutes", w.settings().maxRoutes());
        m.put("heldBack", w.heldBackCount());
        m.put("heldBackRule", "IPv4 before IPv6, shortest prefix first, then lowest address; whole ECMP sets only");
        m.put("converged", w.converged());
        m.put("waitingFor", w.waitingFor());
        m.put("repairs", st.repairs());
        m.put("resyncs", st.resyncs());
        m.put("transactions", st.transactions());
        m.put("failedTransactions", st.failedTransactions());
        m.put("lastCommit", st.lastCommit() == null ? null : st.lastCommit().toString());
        m.put("lastError", st.lastError());
        m.put("syncLag", st.syncLag().view());
        return m;
    }

    /** One prefix: the next hops BGP wants, whether it is held back, and the NB rows on the router for it. */
    public static Map<String, Object> route(WriterView w, Prefix p) {
        return routes(w, List.of(p)).get(p);
    }

    /**
     * {@link #route} for many prefixes, reading the router's rows once (a whole-table view must not scan the
     * router once per prefix).
     */
    public static Map<Prefix, Map<String, Object>> routes(WriterView w, Collection<Prefix> prefixes) {
        Map<String, List<Map<String, Object>>> rowsByPrefix = new HashMap<>();
        for (Prefix p : prefixes) {
            rowsByPrefix.put(p.toString(), new ArrayList<>());
        }
        Optional<NbSnapshot> nb = w.northbound();
        nb.ifPresent(s -> {
            // ours from the cache; the other writers' rows for the same prefixes read live (outside our scope)
            List<StaticRoute> rows =
                    new ArrayList<>(s.staticRoutesOf(w.settings().router()));
            rows.addAll(w.otherWritersRows(rowsByPrefix.keySet()));
            for (StaticRoute r : rows) {
                List<Map<String, Object>> rowsOfPrefix = rowsByPrefix.get(RoutePlanner.canonicalPrefix(r.ipPrefix()));
                if (rowsOfPrefix != null) { // else a prefix not asked for: no view built for it
                    rowsOfPrefix.add(row(w, s, r));
                }
            }
        });
        Map<Prefix, Map<String, Object>> out = new LinkedHashMap<>();
        for (Prefix p : prefixes) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("prefix", p.toString());
            m.put("router", w.settings().router());
            m.put("nextHops", w.nextHops(p).stream().map(IpAddress::toString).toList());
            m.put("heldBack", w.isHeldBack(p));
            List<Map<String, Object>> rows = rowsByPrefix.get(p.toString());
            rows.sort(Comparator.comparing(r -> (String) r.get("nexthop")));
            m.put("rows", rows);
            out.put(p, m);
        }
        return out;
    }

    private static Map<String, Object> row(WriterView w, NbSnapshot s, StaticRoute r) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("uuid", r.uuid().toString());
        row.put("nexthop", r.nexthop());
        row.put("ours", w.owns(r));
        r.outputPort().ifPresent(o -> row.put("outputPort", o));
        r.bfd().flatMap(s::bfd).ifPresent(b -> row.put("bfd", b.status().orElse("")));
        return row;
    }
}
