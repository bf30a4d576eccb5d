package io.ovnbgp.ovsdb.client;

import java.time.Duration;
import java.util.List;
import java.util.NoSuchElementException;

/** A committed transaction: one {@link OpResult} per operation, in order, and the measured round trip. */
public record TxResult(List<OpResult> results, Duration roundTrip) {
    public TxResult {
        results = List.copyOf(results);
    }

    public OpResult get(int index) {
        return results.get(index);
    }

    /** The uuid the server gave the row inserted with {@code uuidName}. */
    public Uuid uuidOf(String uuidName) {
        for (OpResult r : results) {
            if (r.op() instanceof Op.Insert ins && uuidName.equals(ins.uuidName())) {
                return r.uuid();
            }
        }
        throw new NoSuchElementException("no insert named " + uuidName + " in this transaction");
    }

    /** The row count of the operation at {@code index} (update, delete, mutate). */
    public long count(int index) {
        Long c = results.get(index).count();
        if (c == null) {
            throw new IllegalStateException(
                    "operation " + index + " (" + results.get(index).op().describe() + ") returns no count");
        }
        return c;
    }
}
