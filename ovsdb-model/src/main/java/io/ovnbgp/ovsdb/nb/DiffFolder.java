package io.ovnbgp.ovsdb.nb;

import io.ovnbgp.ovsdb.client.DbSchema;
import io.ovnbgp.ovsdb.client.Row;
import io.ovnbgp.ovsdb.client.RowDiff;
import io.ovnbgp.ovsdb.client.RowUpdate;
import io.ovnbgp.ovsdb.client.Uuid;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A stopgap until {@link NbCache} applies {@link RowUpdate.Kind#MODIFY_DIFF} itself: keeps the raw monitored
 * rows and turns each {@code update2} diff into the whole new row ({@link RowUpdate.Kind#MODIFY}), which the
 * cache applies today. Costs a copy of every changed column per diff (a router's whole {@code static_routes}
 * set), and a second copy of the rows; delete this class once the cache folds diffs into its own structures.
 * Used on the Netty thread only, and lives as long as the client, so that a resumed monitor's changes apply to the
 * rows as they were.
 */
final class DiffFolder {
    private final Map<String, Map<Uuid, Row>> rows = new HashMap<>();
    private DbSchema schema;

    /** The schema of the server now connected to: it says which diff columns are sets and maps. */
    void schema(DbSchema s) {
        this.schema = s;
    }

    /** A full dump: forget everything held, keep these. */
    void replace(List<RowUpdate> initial) {
        rows.clear();
        fold(initial);
    }

    /** {@code updates} with every diff replaced by the whole new row, the held rows changed accordingly. */
    List<RowUpdate> fold(List<RowUpdate> updates) {
        List<RowUpdate> out = new ArrayList<>(updates.size());
        for (RowUpdate u : updates) {
            Map<Uuid, Row> t = rows.computeIfAbsent(u.table(), k -> new HashMap<>());
            switch (u.kind()) {
                case INSERT -> {
                    t.put(u.uuid(), u.row());
                    out.add(u);
                }
                case MODIFY -> {
                    Row neu = t.containsKey(u.uuid()) ? t.get(u.uuid()).overlay(u.row()) : u.row();
                    t.put(u.uuid(), neu);
                    out.add(RowUpdate.modify(u.table(), u.uuid(), neu));
                }
                case MODIFY_DIFF -> {
                    Row old = t.get(u.uuid());
                    if (old == null) {
                        throw new IllegalStateException(u.table() + " " + u.uuid() + ": a diff for a row never seen");
                    }
                    Row neu = RowDiff.apply(old, u.row(), u.table(), schema);
                    t.put(u.uuid(), neu);
                    out.add(RowUpdate.modify(u.table(), u.uuid(), neu));
                }
                case DELETE -> {
                    t.remove(u.uuid());
                    out.add(u);
                }
            }
        }
        return out;
    }
}
