package io.ovnbgp.ovsdb.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The reply to a {@code transact}: per-operation results, or the failure it reports as a TransactionException. */
final class TxReplies {
    private TxReplies() {}

    /** A {@code transact} result array to per-operation results, or the failure it reports. */
    static TxResult parse(List<Op> ops, JsonNode results, Duration roundTrip) throws TransactionException {
        if (results == null || !results.isArray()) {
            throw TransactionException.local(
                    TransactionException.Kind.SERVER_ERROR, false, "transact: malformed result " + results, null);
        }
        List<OpResult> out = new ArrayList<>();
        for (int i = 0; i < ops.size(); i++) {
            JsonNode r = i < results.size() ? results.get(i) : null;
            Op op = ops.get(i);
            if (r == null || r.isNull()) {
                throw TransactionException.local(
                        TransactionException.Kind.SERVER_ERROR,
                        false,
                        "transact: no result for operation " + i + " (" + op.describe() + ")",
                        null);
            }
            if (r.hasNonNull("error")) {
                throw failure(ops, i, r);
            }
            Uuid uuid = null;
            if (r.has("uuid")) {
                Object u = OvsdbJson.decode(r.get("uuid"), "result " + i);
                uuid = (Uuid) u;
            }
            Long count = r.has("count") ? r.get("count").asLong() : null;
            List<Row> rows = new ArrayList<>();
            if (r.has("rows")) {
                for (JsonNode row : r.get("rows")) {
                    rows.add(OvsdbJson.row(row, "result " + i));
                }
            }
            out.add(new OpResult(i, op, uuid, count, rows));
        }
        // RFC 7047 §4.1.3: a commit that fails after every operation succeeded adds one more element
        for (int i = ops.size(); i < results.size(); i++) {
            JsonNode r = results.get(i);
            if (r != null && r.hasNonNull("error")) {
                throw failure(ops, i, r);
            }
        }
        return new TxResult(out, roundTrip);
    }

    private static TransactionException failure(List<Op> ops, int index, JsonNode r) {
        String error = r.get("error").asText();
        String details = r.hasNonNull("details") ? r.get("details").asText() : null;
        TransactionException.Kind kind = kindOf(error, details);
        Op op = index < ops.size() ? ops.get(index) : null;
        String where = op != null
                ? "operation " + index + " of " + ops.size() + " (" + op.describe() + ")"
                : "the commit after all " + ops.size() + " operations";
        String msg = "transaction failed at " + where + ": " + error + (details == null ? "" : ": " + details);
        return new TransactionException(kind, index, op, error, details, false, msg, null);
    }

    static TransactionException.Kind kindOf(String error, String details) {
        String d = details == null ? "" : details;
        if (error.contains("not leader") || d.contains("not leader")) {
            return TransactionException.Kind.NOT_LEADER;
        }
        return switch (error) {
            case "constraint violation" -> TransactionException.Kind.CONSTRAINT_VIOLATION;
            case "referential integrity violation" -> TransactionException.Kind.REFERENTIAL_INTEGRITY_VIOLATION;
            case "timed out" -> TransactionException.Kind.TIMED_OUT;
            default -> TransactionException.Kind.SERVER_ERROR;
        };
    }
}
