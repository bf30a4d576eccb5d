package io.ovnbgp.ovsdb.client;

/**
 * One row's change in a monitor reply or {@code update} notification (RFC 7047 §4.1.6). {@code before} is null
 * for an initial row or an insert and, for a modify, holds only the columns that changed; {@code after} is null
 * for a delete and otherwise holds every monitored column.
 */
public record RowUpdate(String table, Uuid uuid, Row before, Row after) {
    public enum Kind {
        INITIAL_OR_INSERT,
        MODIFY,
        DELETE
    }

    public Kind kind() {
        if (after == null) {
            return Kind.DELETE;
        }
        return before == null ? Kind.INITIAL_OR_INSERT : Kind.MODIFY;
    }
}
