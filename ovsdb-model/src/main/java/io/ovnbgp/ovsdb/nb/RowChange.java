package io.ovnbgp.ovsdb.nb;

import io.ovnbgp.ovsdb.client.Uuid;

/**
 * One row inserted, modified or deleted by anyone (us included), as the monitor reported it. {@code before} is
 * null for an insert, {@code after} null for a delete.
 */
public record RowChange(Kind kind, NbTable table, Uuid uuid, NbRow before, NbRow after) {
    public enum Kind {
        INSERTED,
        MODIFIED,
        DELETED
    }

    /** The row as it is after the change, or as it was before a delete. */
    public NbRow row() {
        return after != null ? after : before;
    }
}
