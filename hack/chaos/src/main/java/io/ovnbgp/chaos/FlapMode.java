package io.ovnbgp.chaos;

/**
 * How one flap of {@link Flaps} ends its session: with or without the Graceful Restart capability (RFC 4724) in the
 * peer's OPEN, and by a plain TCP close or a NOTIFICATION Cease / Administrative Reset (6/4) first. What the bridge
 * must then do with the peer's paths (RFC 4724 §4.2): keep them as stale only for a graceful-restart peer whose
 * connection ended without a NOTIFICATION (the bridge does not advertise RFC 8538's N bit); remove them otherwise.
 */
enum FlapMode {
    CLOSE("TCP close, no GR", false, false),
    CEASE("Cease 6/4 then close, no GR", false, true),
    GR_CLOSE("TCP close, GR", true, false),
    GR_CEASE("Cease 6/4 then close, GR", true, true);

    final String label;
    final boolean gracefulRestart;
    final boolean notification;

    FlapMode(String label, boolean gracefulRestart, boolean notification) {
        this.label = label;
        this.gracefulRestart = gracefulRestart;
        this.notification = notification;
    }

    /** Whether the bridge must keep the peer's paths (stale) once the session is down. */
    boolean keepsStale() {
        return gracefulRestart && !notification;
    }
}
