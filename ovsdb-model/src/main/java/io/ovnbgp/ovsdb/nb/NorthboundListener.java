package io.ovnbgp.ovsdb.nb;

import java.util.List;

/**
 * What a {@link NorthboundClient} tells its owner. Calls come one at a time, in order, on the client's own
 * event thread (never a Netty thread), so a listener may block briefly or call {@link NorthboundClient#transact}.
 */
public interface NorthboundListener {
    /**
     * A (re)connection completed its initial dump: {@code snapshot} is the whole fresh state. Anything learned
     * before is superseded; rows may have changed in any way while disconnected.
     */
    default void resynced(NbSnapshot snapshot) {}

    /** Rows changed (by anyone, us included); {@code after} is the state right after these changes. */
    default void changed(List<RowChange> changes, NbSnapshot after) {}

    /** The connection was lost or left (leadership moved); a reconnect follows with back-off. */
    default void disconnected(String reason) {}
}
