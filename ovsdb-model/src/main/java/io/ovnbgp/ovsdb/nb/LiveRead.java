package io.ovnbgp.ovsdb.nb;

import io.ovnbgp.ovsdb.client.Condition;
import io.ovnbgp.ovsdb.client.Op;
import io.ovnbgp.ovsdb.client.OpResult;
import io.ovnbgp.ovsdb.client.Row;
import io.ovnbgp.ovsdb.client.TransactionException;
import io.ovnbgp.ovsdb.client.Uuid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Reads rows from the server as they are now, outside the monitored cache: a node's cache holds only its own
 * routes (its scope's monitor conditions), and an administrator's view of a prefix wants the other writers' rows
 * for it too. One {@code select} per prefix, in one transaction; for views, never for the writer.
 */
public final class LiveRead {
    private LiveRead() {}

    /** Every static route whose {@code ip_prefix} is one of {@code prefixes}, whoever wrote it. */
    public static List<StaticRoute> staticRoutes(NorthboundClient nb, Collection<String> prefixes, Duration timeout)
            throws TransactionException {
        if (prefixes.isEmpty()) {
            return List.of();
        }
        List<String> columns = new ArrayList<>(NbTable.STATIC_ROUTE.columns());
        columns.add("_uuid");
        List<Op> ops = new ArrayList<>(prefixes.size());
        for (String p : prefixes) {
            ops.add(new Op.Select(StaticRoute.TABLE, List.of(Condition.eq("ip_prefix", p)), columns));
        }
        List<StaticRoute> out = new ArrayList<>();
        for (OpResult r : nb.transact(ops, timeout).results()) {
            for (Row row : r.rows()) {
                Uuid uuid = row.optionalUuid("_uuid").orElseThrow();
                out.add((StaticRoute) NbTable.STATIC_ROUTE.parse(uuid, row));
            }
        }
        return out;
    }
}
