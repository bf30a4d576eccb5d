package io.ovnbgp.ovsdb.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The monitor updates a server sends, {@code <table-updates>} and {@code <table-updates2>} (RFC 7047 §4.1.6 and
 * the {@code monitor_cond} extension), to flat lists of {@link RowUpdate}s.
 */
final class TableUpdates {
    private TableUpdates() {}

    /**
     * {@code <table-updates2>} ({@code monitor_cond}, {@code monitor_cond_since}) to a flat list of row changes:
     * "initial" and "insert" are inserts, "modify" a {@link RowUpdate.Kind#MODIFY_DIFF} with the diff as sent,
     * "delete" a delete.
     */
    static List<RowUpdate> parse2(JsonNode updates) {
        if (updates == null || !updates.isObject()) {
            throw new IllegalArgumentException("table-updates2 must be a JSON object, got " + updates);
        }
        List<RowUpdate> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> tables = updates.fields();
        while (tables.hasNext()) {
            Map.Entry<String, JsonNode> t = tables.next();
            String table = t.getKey();
            Iterator<Map.Entry<String, JsonNode>> rows = t.getValue().fields();
            while (rows.hasNext()) {
                Map.Entry<String, JsonNode> r = rows.next();
                String where = table + " " + r.getKey();
                Uuid uuid = Uuid.of(r.getKey());
                JsonNode u = r.getValue();
                if (u.has("initial")) {
                    out.add(RowUpdate.insert(table, uuid, OvsdbJson.row(u.get("initial"), where)));
                } else if (u.has("insert")) {
                    out.add(RowUpdate.insert(table, uuid, OvsdbJson.row(u.get("insert"), where)));
                } else if (u.has("modify")) {
                    out.add(RowUpdate.diff(table, uuid, OvsdbJson.row(u.get("modify"), where)));
                } else if (u.has("delete")) {
                    out.add(RowUpdate.delete(table, uuid));
                } else {
                    throw new IllegalArgumentException(where + ": malformed row-update2 " + u);
                }
            }
        }
        return out;
    }

    /** {@code <table-updates>} to a flat list of row changes. */
    static List<RowUpdate> parse(JsonNode updates) {
        if (updates == null || !updates.isObject()) {
            throw new IllegalArgumentException("table-updates must be a JSON object, got " + updates);
        }
        List<RowUpdate> out = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> tables = updates.fields();
        while (tables.hasNext()) {
            Map.Entry<String, JsonNode> t = tables.next();
            Iterator<Map.Entry<String, JsonNode>> rows = t.getValue().fields();
            while (rows.hasNext()) {
                Map.Entry<String, JsonNode> r = rows.next();
                String where = t.getKey() + " " + r.getKey();
                JsonNode neu = r.getValue().get("new");
                boolean hasOld = r.getValue().hasNonNull("old");
                Uuid uuid = Uuid.of(r.getKey());
                if (neu == null || neu.isNull()) {
                    out.add(RowUpdate.delete(t.getKey(), uuid));
                } else if (hasOld) {
                    out.add(RowUpdate.modify(t.getKey(), uuid, OvsdbJson.row(neu, where)));
                } else {
                    out.add(RowUpdate.insert(t.getKey(), uuid, OvsdbJson.row(neu, where)));
                }
            }
        }
        return out;
    }
}
