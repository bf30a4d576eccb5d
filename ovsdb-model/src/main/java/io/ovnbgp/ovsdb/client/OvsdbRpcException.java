package io.ovnbgp.ovsdb.client;

/**
 * The server answered a JSON-RPC request with an error reply: {@link #error()} is its {@code error} member (for
 * ovsdb-server a short string such as "unknown method" or "unknown database"), {@link #details()} the details
 * when it gave any.
 */
public final class OvsdbRpcException extends OvsdbException {
    private static final long serialVersionUID = 1L;

    private final String error;
    private final String details;

    public OvsdbRpcException(String message, String error, String details) {
        super(message);
        this.error = error;
        this.details = details;
    }

    public String error() {
        return error;
    }

    public String details() {
        return details;
    }

    /** The server does not implement the method (an older ovsdb-server asked for a newer monitor method). */
    public boolean unknownMethod() {
        return "unknown method".equals(error);
    }
}
