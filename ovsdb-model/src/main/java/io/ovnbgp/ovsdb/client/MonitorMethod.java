package io.ovnbgp.ovsdb.client;

/**
 * The OVSDB monitor methods, oldest last. Their replies and notifications differ:
 *
 * <ul>
 *   <li>{@code monitor_cond_since}: reply {@code [found, last-txn-id, table-updates2]}, notifications
 *       {@code update3 [monitor-id, last-txn-id, table-updates2]}; with {@code found} the reply holds only the
 *       changes since the transaction id asked for;
 *   <li>{@code monitor_cond}: reply {@code table-updates2}, notifications {@code update2};
 *   <li>{@code monitor} (RFC 7047): reply {@code table-updates}, notifications {@code update}, no conditions.
 * </ul>
 */
public enum MonitorMethod {
    MONITOR_COND_SINCE("monitor_cond_since"),
    MONITOR_COND("monitor_cond"),
    MONITOR("monitor");

    /** The {@code last-txn-id} that asks for no history: the server answers with a full dump. */
    public static final String NO_TXN = "00000000-0000-0000-0000-000000000000";

    private final String wire;

    MonitorMethod(String wire) {
        this.wire = wire;
    }

    /** The JSON-RPC method's name. */
    public String wire() {
        return wire;
    }

    /** Whether updates carry {@code update2} diffs and requests may carry conditions. */
    public boolean conditional() {
        return this != MONITOR;
    }
}
