package io.ovnbgp.ovsdb.nb;

import io.ovnbgp.ovsdb.client.RowUpdate;
import io.ovnbgp.ovsdb.client.Uuid;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The monitored rows: replaced whole by an initial dump, changed by updates. Called on the Netty thread, one call
 * at a time; readers take the immutable {@link #current()} snapshot at any time from any thread.
 */
final class NbCache {
    record Applied(List<RowChange> changes, NbSnapshot after) {}

    private volatile NbSnapshot current = NbSnapshot.EMPTY;

    NbSnapshot current() {
        return current;
    }

    synchronized NbSnapshot replace(List<RowUpdate> initial) {
        Map<NbTable, Map<Uuid, NbRow>> tables = new EnumMap<>(NbTable.class);
        for (NbTable t : NbTable.values()) {
            tables.put(t, new HashMap<>());
        }
        for (RowUpdate u : initial) {
            if (u.kind() != RowUpdate.Kind.DELETE) {
                NbTable t = NbTable.byName(u.table());
                tables.get(t).put(u.uuid(), t.parse(u.uuid(), u.row()));
            }
        }
        tables.replaceAll((t, m) -> Collections.unmodifiableMap(m));
        NbSnapshot s = new NbSnapshot(current.generation() + 1, Collections.unmodifiableMap(tables));
        current = s;
        return s;
    }

    synchronized Applied apply(List<RowUpdate> updates) {
        NbSnapshot before = current;
        Map<NbTable, Map<Uuid, NbRow>> changed = new EnumMap<>(NbTable.class);
        List<RowChange> changes = new ArrayList<>(updates.size());
        for (RowUpdate u : updates) {
            NbTable t = NbTable.byName(u.table());
            Map<Uuid, NbRow> m = changed.computeIfAbsent(t, k -> new HashMap<>(before.rows(k)));
            NbRow old = m.get(u.uuid());
            if (u.kind() == RowUpdate.Kind.DELETE) {
                m.remove(u.uuid());
                if (old != null) {
                    changes.add(new RowChange(RowChange.Kind.DELETED, t, u.uuid(), old, null));
                }
            } else {
                NbRow neu = t.parse(u.uuid(), u.row());
                m.put(u.uuid(), neu);
                if (old == null) {
                    changes.add(new RowChange(RowChange.Kind.INSERTED, t, u.uuid(), null, neu));
                } else if (!old.equals(neu)) {
                    changes.add(new RowChange(RowChange.Kind.MODIFIED, t, u.uuid(), old, neu));
                }
            }
        }
        if (changed.isEmpty()) {
            return new Applied(List.of(), before);
        }
        Map<NbTable, Map<Uuid, NbRow>> tables = new EnumMap<>(NbTable.class);
        for (NbTable t : NbTable.values()) {
            Map<Uuid, NbRow> m = changed.get(t);
            tables.put(t, m != null ? Collections.unmodifiableMap(m) : before.rows(t));
        }
        NbSnapshot after = new NbSnapshot(before.generation(), Collections.unmodifiableMap(tables));
        current = after;
        return new Applied(List.copyOf(changes), after);
    }
}
