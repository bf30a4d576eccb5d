package io.ovnbgp.ovsdb.client;

import java.util.Map;

/**
 * What this module needs of a database's schema: its version, and per table the kind of each column, which an
 * {@code update2} diff needs (a one-element set arrives as a bare atom, just like a scalar).
 */
public record DbSchema(String name, String version, Map<String, Map<String, ColumnKind>> columns) {
    /** A column's type as a diff sees it: a scalar is replaced, a set's elements toggled, a map's pairs applied. */
    public enum ColumnKind {
        ATOM,
        SET,
        MAP
    }

    public DbSchema {
        columns = Map.copyOf(columns);
    }

    /** The kind of {@code table.column}; a column the schema does not name counts as a scalar. */
    public ColumnKind kind(String table, String column) {
        Map<String, ColumnKind> t = columns.get(table);
        ColumnKind k = t == null ? null : t.get(column);
        return k == null ? ColumnKind.ATOM : k;
    }
}
