package io.ovnbgp.ovsdb.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;

/** A {@code get_schema} reply to what the client needs of it: per table, the kind of each column. */
final class SchemaJson {
    private SchemaJson() {}

    /** The {@code tables} member of a schema to the kinds of their columns (RFC 7047 §3.2 {@code <type>}). */
    static DbSchema parse(String database, String version, JsonNode tables) {
        Map<String, Map<String, DbSchema.ColumnKind>> out = new LinkedHashMap<>();
        if (tables != null && tables.isObject()) {
            tables.fields().forEachRemaining(t -> {
                Map<String, DbSchema.ColumnKind> cols = new LinkedHashMap<>();
                JsonNode columns = t.getValue().get("columns");
                if (columns != null) {
                    columns.fields()
                            .forEachRemaining(
                                    c -> cols.put(c.getKey(), kind(c.getValue().get("type"))));
                }
                out.put(t.getKey(), Map.copyOf(cols));
            });
        }
        return new DbSchema(database, version, out);
    }

    private static DbSchema.ColumnKind kind(JsonNode type) {
        if (type == null || !type.isObject()) {
            return DbSchema.ColumnKind.ATOM; // an atomic-type name
        }
        if (type.has("value")) {
            return DbSchema.ColumnKind.MAP;
        }
        JsonNode maxNode = type.get("max");
        long max = maxNode == null ? 1 : maxNode.isTextual() ? Long.MAX_VALUE : maxNode.asLong();
        // an optional column (at most one value) is replaced by a diff like a scalar, as ovsdb-server 3.1 sends
        // it: a BFD's status "down" to "up" arrives as "up", not as the two values to toggle
        return max > 1 ? DbSchema.ColumnKind.SET : DbSchema.ColumnKind.ATOM;
    }
}
