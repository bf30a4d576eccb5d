package io.ovnbgp.ovsdb.client;

/**
 * Why one connection closed: the first reason given wins. Shared by the session and the pipeline handlers that
 * close the channel, so that whoever closes first is the one the pending calls and {@code closeReason()} name.
 */
final class CloseReason {
    private volatile String reason;

    /** Records {@code r} unless a reason is already known. */
    synchronized void offer(String r) {
        if (reason == null) {
            reason = r;
        }
    }

    /** The reason, or null while the connection is open. */
    String get() {
        return reason;
    }

    /** The reason, for a call that found the connection gone. */
    String lost() {
        String r = reason;
        return r != null ? r : "connection closed";
    }
}
