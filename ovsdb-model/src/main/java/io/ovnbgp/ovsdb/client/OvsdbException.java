package io.ovnbgp.ovsdb.client;

/** An OVSDB operation that failed; the message names the remote and the operation. */
public class OvsdbException extends Exception {
    private static final long serialVersionUID = 1L;

    public OvsdbException(String message) {
        super(message);
    }

    public OvsdbException(String message, Throwable cause) {
        super(message, cause);
    }
}
