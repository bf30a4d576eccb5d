package io.ovnbgp.ovsdb.client;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * What one operation of a committed transaction returned: the new row's uuid for an insert, the number of rows
 * touched for an update, delete or mutate, the rows for a select, nothing for wait and comment.
 */
public record OpResult(int index, Op op, Uuid uuid, Long count, List<Row> rows) {
    public OpResult {
        rows = rows == null ? List.of() : List.copyOf(rows);
    }

    public Optional<Uuid> insertedUuid() {
        return Optional.ofNullable(uuid);
    }

    public OptionalLong rowCount() {
        return count == null ? OptionalLong.empty() : OptionalLong.of(count);
    }
}
