package io.ovnbgp.bgp.fsm;

/**
 * What other threads read of a session (status, metrics): written by the {@link SessionFsm} on the event loop,
 * read anywhere. Each field is volatile on its own; no reader needs two of them to agree.
 */
final class SessionStatus {
    private volatile SessionState state = SessionState.IDLE;
    private volatile Negotiated negotiated;
    private volatile long establishedSinceMillis;
    /** When the session last entered or left Established (creation if never): a router's Up/Down column. */
    private volatile long upDownSinceMillis = System.currentTimeMillis();

    private volatile String lastError;

    SessionState state() {
        return state;
    }

    /** Moves to {@code s}; false if the session was there already. */
    boolean moveTo(SessionState s) {
        SessionState old = state;
        if (old == s) {
            return false;
        }
        if (old == SessionState.ESTABLISHED || s == SessionState.ESTABLISHED) {
            upDownSinceMillis = System.currentTimeMillis();
        }
        state = s;
        return true;
    }

    /** What the Established connection agreed on; null once it is down. */
    Negotiated negotiated() {
        return negotiated;
    }

    void established(Negotiated n) {
        negotiated = n;
        establishedSinceMillis = System.currentTimeMillis();
    }

    void down() {
        negotiated = null;
    }

    long uptimeMillis() {
        return state == SessionState.ESTABLISHED ? System.currentTimeMillis() - establishedSinceMillis : 0;
    }

    long upDownSinceMillis() {
        return upDownSinceMillis;
    }

    /** The last error in an administrator's words, or null. */
    String lastError() {
        return lastError;
    }

    void lastError(String error) {
        lastError = error;
    }
}
