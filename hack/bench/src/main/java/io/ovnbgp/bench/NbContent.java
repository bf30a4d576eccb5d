package io.ovnbgp.bench;

import io.ovnbgp.bridge.ovn.StaticRouteReconciler;
import io.ovnbgp.ovsdb.client.Op;
import io.ovnbgp.ovsdb.client.OvsdbException;
import io.ovnbgp.ovsdb.client.OvsdbRemote;
import io.ovnbgp.ovsdb.client.OvsdbSession;
import io.ovnbgp.ovsdb.client.Row;
import io.ovnbgp.ovsdb.client.TxResult;
import io.ovnbgp.ovsdb.client.Uuid;
import io.ovnbgp.ovsdb.nb.LogicalRouter;
import io.ovnbgp.ovsdb.nb.NorthboundClient;
import io.ovnbgp.ovsdb.nb.StaticRoute;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The routes each node's gateway router holds in Northbound, read in one transaction (two selects) from one
 * member, compared with what each node's RIB wants: rows missing, rows too many (not wanted, or a second row of
 * the same prefix and next hop), and rows on a node's router owned by another.
 */
final class NbContent {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** The differences summed over all nodes; {@code nodesWrong} nodes had at least one. */
    record Diff(int nodesWrong, long missing, long unwanted, long duplicates, long foreign) {
        boolean none() {
            return nodesWrong == 0;
        }

        @Override
        public String toString() {
            return nodesWrong + " nodes wrong: " + missing + " missing, " + unwanted + " unwanted, " + duplicates
                    + " duplicated, " + foreign + " foreign rows";
        }
    }

    private NbContent() {}

    /** Router name to the {@code "prefix nexthop owner"} of every static route it references. */
    static Map<String, List<String>> read(String remote) throws OvsdbException {
        try (OvsdbSession s = OvsdbSession.open(OvsdbRemote.parse(remote), TIMEOUT)) {
            TxResult r = s.transact(
                    NorthboundClient.DATABASE,
                    List.of(
                            new Op.Select(LogicalRouter.TABLE, List.of(), List.of("name", "static_routes")),
                            new Op.Select(
                                    StaticRoute.TABLE,
                                    List.of(),
                                    List.of("_uuid", "ip_prefix", "nexthop", "external_ids"))),
                    TIMEOUT);
            Map<Uuid, String> routes = new HashMap<>();
            for (Row row : r.get(1).rows()) {
                String owner = row.stringMap("external_ids").getOrDefault(StaticRouteReconciler.OWNER_KEY, "");
                routes.put(
                        row.optionalUuid("_uuid").orElseThrow(),
                        row.string("ip_prefix") + " " + row.string("nexthop") + " " + owner);
            }
            Map<String, List<String>> out = new HashMap<>();
            for (Row row : r.get(0).rows()) {
                List<String> l = new ArrayList<>();
                row.uuidSet("static_routes").forEach(u -> l.add(routes.get(u)));
                out.put(row.string("name"), l);
            }
            return out;
        }
    }

    /** {@code wanted}: node name to its {@code "prefix nexthop"} entries; its router is {@code GR_<node>}. */
    static Diff compare(Map<String, List<String>> nb, Map<String, Set<String>> wanted) {
        int wrong = 0;
        long missing = 0;
        long unwanted = 0;
        long duplicates = 0;
        long foreign = 0;
        for (Map.Entry<String, Set<String>> w : wanted.entrySet()) {
            String node = w.getKey();
            Set<String> seen = new HashSet<>();
            long m = 0;
            long u = 0;
            long d = 0;
            long f = 0;
            for (String entry : nb.getOrDefault("GR_" + node, List.of())) {
                String[] parts = entry.split(" ", -1);
                String key = parts[0] + " " + parts[1];
                if (!node.equals(parts[2])) {
                    f++;
                } else if (!seen.add(key)) {
                    d++;
                } else if (!w.getValue().contains(key)) {
                    u++;
                }
            }
            for (String key : w.getValue()) {
                if (!seen.contains(key)) {
                    m++;
                }
            }
            if (m + u + d + f > 0) {
                wrong++;
            }
            missing += m;
            unwanted += u;
            duplicates += d;
            foreign += f;
        }
        return new Diff(wrong, missing, unwanted, duplicates, foreign);
    }
}
