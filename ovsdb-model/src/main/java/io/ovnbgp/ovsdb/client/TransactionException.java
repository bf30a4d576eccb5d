package io.ovnbgp.ovsdb.client;

/**
 * A transaction that did not commit, or whose outcome is unknown. {@link #kind()} classifies it; when one
 * operation failed, {@link #failedOpIndex()} and {@link #failedOp()} name it (the index is the operation count
 * when the commit itself failed, e.g. on a referential integrity check, and -1 when no operation is to blame).
 */
public class TransactionException extends OvsdbException {
    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** The server refused a value or a row: a column constraint, an index collision, a bad enum value. */
        CONSTRAINT_VIOLATION,
        /** The commit would leave a dangling strong reference (or delete a row still referenced). */
        REFERENTIAL_INTEGRITY_VIOLATION,
        /**
         * A {@link Op.Wait} did not hold in time (the transaction aborted), or the server did not answer within
         * our bound ({@link #outcomeUnknown()}: it may still commit).
         */
        TIMED_OUT,
        /** The connected server is not (or no longer) the leader of its RAFT cluster. */
        NOT_LEADER,
        /** There is no Northbound connection right now. */
        NOT_CONNECTED,
        /** The connection dropped before the answer came: the transaction may or may not have committed. */
        CONNECTION_LOST,
        /** Any other error the server reported (syntax error, unknown table, resources exhausted, ...). */
        SERVER_ERROR
    }

    private final Kind kind;
    private final int failedOpIndex;
    private final transient Op failedOp;
    private final String error;
    private final String details;
    private final boolean outcomeUnknown;

    public TransactionException(
            Kind kind,
            int failedOpIndex,
            Op failedOp,
            String error,
            String details,
            boolean outcomeUnknown,
            String message,
            Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.failedOpIndex = failedOpIndex;
        this.failedOp = failedOp;
        this.error = error;
        this.details = details;
        this.outcomeUnknown = outcomeUnknown;
    }

    static TransactionException local(Kind kind, boolean outcomeUnknown, String message, Throwable cause) {
        return new TransactionException(kind, -1, null, null, null, outcomeUnknown, message, cause);
    }

    public Kind kind() {
        return kind;
    }

    public int failedOpIndex() {
        return failedOpIndex;
    }

    /** The operation that failed, or null when none is to blame (commit-time check, no answer, no connection). */
    public Op failedOp() {
        return failedOp;
    }

    /** The server's error tag (RFC 7047 §3.1 {@code "error"}), e.g. "constraint violation", or null. */
    public String error() {
        return error;
    }

    /** The server's {@code "details"}, or null. */
    public String details() {
        return details;
    }

    /** True when the transaction may have committed anyway (no answer in time, connection lost). */
    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }
}
