package io.ovnbgp.bridge.ovn;

import io.ovnbgp.ovsdb.client.Uuid;
import io.ovnbgp.ovsdb.nb.NbSnapshot;
import io.ovnbgp.ovsdb.nb.NbTable;
import io.ovnbgp.ovsdb.nb.RowChange;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;

/**
 * The Northbound events waiting for the OVN writer, coalesced so that the inbox stays bounded however far the writer
 * falls behind (a long transaction, a slow server) without ever holding up the NB client's event thread:
 *
 * <ul>
 *   <li>a disconnect supersedes everything before it (the writer stops writing; a resync follows);</li>
 *   <li>a resync supersedes the resync and changes before it (the writer adopts the new state whole);</li>
 *   <li>changes merge into one pending change per row, the last state of each row and the newest snapshot: the
 *       writer follows rows' states, not their history, so a row's intermediate states may be skipped.</li>
 * </ul>
 *
 * <p>So at most one disconnect, one resync and one change per monitored row wait: the inbox never holds more than
 * the monitored rows (which the cache holds anyway), and old snapshots are released as newer ones arrive. Back-pressure
 * to the event thread was the alternative; it would stall the other listeners on that thread (the Pod subnets) and
 * push the backlog into the client, while the writer gains nothing from the intermediate states.
 */
final class NorthboundInbox {
    sealed interface Event permits Resynced, Changed, Disconnected {}

    record Resynced(NbSnapshot snapshot) implements Event {}

    record Changed(List<RowChange> changes, NbSnapshot after) implements Event {}

    record Disconnected(String reason) implements Event {}

    private record RowKey(NbTable table, Uuid uuid) {}

    private final Runnable wake;
    // guarded by this
    private Disconnected disconnected;
    private Resynced resynced;
    private final LinkedHashMap<RowKey, RowChange> changes = new LinkedHashMap<>();
    private NbSnapshot after;
    private long coalesced;

    /** @param wake told after each event (e.g. to wake the writer) */
    NorthboundInbox(Runnable wake) {
        this.wake = wake;
    }

    void resynced(NbSnapshot snapshot) {
        synchronized (this) {
            resynced = new Resynced(snapshot);
            clearChanges();
        }
        wake.run();
    }

    void changed(List<RowChange> rows, NbSnapshot snapshot) {
        synchronized (this) {
            for (RowChange c : rows) {
                RowKey k = new RowKey(c.table(), c.uuid());
                RowChange old = changes.get(k);
                if (old == null) {
                    changes.put(k, c);
                } else {
                    coalesced++;
                    changes.put(k, merge(old, c));
                }
            }
            after = snapshot;
        }
        wake.run();
    }

    void disconnected(String reason) {
        synchronized (this) {
            disconnected = new Disconnected(reason);
            resynced = null;
            clearChanges();
        }
        wake.run();
    }

    /** The net change of a row that changed twice: from the first state to the last. */
    private static RowChange merge(RowChange first, RowChange last) {
        if (last.kind() == RowChange.Kind.DELETED) {
            return last;
        }
        RowChange.Kind kind = first.kind() == RowChange.Kind.INSERTED ? RowChange.Kind.INSERTED : last.kind();
        return new RowChange(kind, last.table(), last.uuid(), first.before(), last.after());
    }

    private void clearChanges() {
        changes.clear();
        after = null;
    }

    /** Takes what waits, in order (a disconnect, a resync, the changes; each at most once). */
    synchronized List<Event> drain() {
        List<Event> out = new ArrayList<>(3);
        if (disconnected != null) {
            out.add(disconnected);
            disconnected = null;
        }
        if (resynced != null) {
            out.add(resynced);
            resynced = null;
        }
        if (after != null) {
            out.add(new Changed(List.copyOf(changes.values()), after));
            clearChanges();
        }
        return out;
    }

    /** Rows with a change waiting now. */
    synchronized int pendingRows() {
        return changes.size();
    }

    /** Changes merged into a row's pending change since start. */
    synchronized long coalesced() {
        return coalesced;
    }
}
