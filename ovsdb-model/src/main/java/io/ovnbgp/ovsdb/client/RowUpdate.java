package io.ovnbgp.ovsdb.client;

/**
 * One row's change in a monitor reply or notification. What {@link #row()} holds depends on {@link #kind()}:
 *
 * <ul>
 *   <li>{@link Kind#INSERT}: every monitored column (an initial row or an insert);
 *   <li>{@link Kind#MODIFY}: every monitored column's new value (RFC 7047 {@code update}'s "new");
 *   <li>{@link Kind#MODIFY_DIFF}: only the changed columns, as {@code update2}'s diff: a scalar's new value; for a
 *       set, the elements to toggle (present: removed, absent: added); for a map, the pairs to apply (a key absent:
 *       added; present with the same value: removed; present with another value: replaced);
 *   <li>{@link Kind#DELETE}: the old row when the server sent it, else null.
 * </ul>
 */
public record RowUpdate(String table, Uuid uuid, Kind kind, Row row) {
    public enum Kind {
        INSERT,
        MODIFY,
        MODIFY_DIFF,
        DELETE
    }

    public static RowUpdate insert(String table, Uuid uuid, Row row) {
        return new RowUpdate(table, uuid, Kind.INSERT, row);
    }

    public static RowUpdate modify(String table, Uuid uuid, Row row) {
        return new RowUpdate(table, uuid, Kind.MODIFY, row);
    }

    public static RowUpdate diff(String table, Uuid uuid, Row diff) {
        return new RowUpdate(table, uuid, Kind.MODIFY_DIFF, diff);
    }

    public static RowUpdate delete(String table, Uuid uuid) {
        return new RowUpdate(table, uuid, Kind.DELETE, null);
    }
}
