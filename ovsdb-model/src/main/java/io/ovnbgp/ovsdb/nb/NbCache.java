package io.ovnbgp.ovsdb.nb;

import io.ovnbgp.ovsdb.client.PersistentMap;
import io.ovnbgp.ovsdb.client.Row;
import io.ovnbgp.ovsdb.client.RowUpdate;
import io.ovnbgp.ovsdb.client.Uuid;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The monitored rows: replaced whole by an initial dump, changed by updates. Called on the Netty thread, one call
 * at a time; readers take the immutable {@link #current()} snapshot at any time from any thread.
 *
 * <p>An update costs in proportion to what it changes, not to the size of the tables: a snapshot's tables are
 * {@link PersistentMap}s and a router's route set a persistent set, so the next snapshot shares all but the changed
 * paths with the last, and the route-to-router index is kept up to date by the same changes. The wire rows are kept
 * too (here, never in a snapshot), since an {@code update2} diff is applied to the row as it was.
 */
final class NbCache {
    record Applied(List<RowChange> changes, NbSnapshot after) {}

    private volatile NbSnapshot current = NbSnapshot.EMPTY;
    private final Map<NbTable, Map<Uuid, Row>> wire = new EnumMap<>(NbTable.class);

    NbCache() {
        for (NbTable t : NbTable.values()) {
            wire.put(t, new HashMap<>());
        }
    }

    NbSnapshot current() {
        return current;
    }

    synchronized NbSnapshot replace(List<RowUpdate> initial) {
        wire.values().forEach(Map::clear);
        Tables tables = new Tables(NbSnapshot.EMPTY);
        for (RowUpdate u : initial) {
            if (u.kind() != RowUpdate.Kind.DELETE) {
                NbTable t = NbTable.byName(u.table());
                Row row = RowDiff.persist(t, u.row());
                wire.get(t).put(u.uuid(), row);
                tables.put(t, t.parse(u.uuid(), row), null, null);
            }
        }
        NbSnapshot s = tables.snapshot(current.generation() + 1);
        current = s;
        return s;
    }

    synchronized Applied apply(List<RowUpdate> updates) {
        NbSnapshot before = current;
        Tables tables = new Tables(before);
        List<RowChange> changes = new ArrayList<>(updates.size());
        for (RowUpdate u : updates) {
            NbTable t = NbTable.byName(u.table());
            NbRow old = tables.get(t, u.uuid());
            Map<Uuid, Row> rows = wire.get(t);
            switch (u.kind()) {
                case DELETE -> {
                    rows.remove(u.uuid());
                    if (old != null) {
                        tables.remove(t, old);
                        changes.add(new RowChange(RowChange.Kind.DELETED, t, u.uuid(), old, null));
                    }
                }
                case INSERT, MODIFY -> {
                    Row row = RowDiff.persist(t, u.row());
                    rows.put(u.uuid(), row);
                    NbRow neu = t.parse(u.uuid(), row);
                    if (old == null || !old.equals(neu)) {
                        tables.put(t, neu, old, null);
                        changes.add(
                                old == null
                                        ? new RowChange(RowChange.Kind.INSERTED, t, u.uuid(), null, neu)
                                        : new RowChange(RowChange.Kind.MODIFIED, t, u.uuid(), old, neu));
                    }
                }
                case MODIFY_DIFF -> {
                    Row was = rows.get(u.uuid());
                    if (was == null) {
                        throw new IllegalStateException(
                                "a diff for " + t.tableName() + " row " + u.uuid() + ", which the cache does not hold");
                    }
                    Row row = RowDiff.apply(t, was, u.row());
                    rows.put(u.uuid(), row);
                    // a diff is sent only for a change of a monitored column: no need to compare whole rows
                    NbRow neu = t.parse(u.uuid(), row);
                    tables.put(t, neu, old, RowDiff.toggled(u.row(), "static_routes"));
                    changes.add(new RowChange(RowChange.Kind.MODIFIED, t, u.uuid(), old, neu));
                }
            }
        }
        if (changes.isEmpty()) {
            return new Applied(List.of(), before);
        }
        NbSnapshot after = tables.snapshot(before.generation());
        current = after;
        return new Applied(List.copyOf(changes), after);
    }

    /** The next snapshot's tables and route index, built from the last by persistent changes. */
    private static final class Tables {
        private final EnumMap<NbTable, PersistentMap<Uuid, NbRow>> tables = new EnumMap<>(NbTable.class);
        private PersistentMap<Uuid, Uuid> routeOwners;

        Tables(NbSnapshot from) {
            for (NbTable t : NbTable.values()) {
                tables.put(t, PersistentMap.copyOf(from.rows(t)));
            }
            routeOwners = from.routeOwners();
        }

        NbRow get(NbTable t, Uuid uuid) {
            return tables.get(t).get(uuid);
        }

        /**
         * Puts {@code row}, replacing {@code old}. For a router, {@code toggledRoutes} are the routes a diff added
         * or removed: only those are looked at (null: compare the whole old and new sets, as a full row needs).
         */
        void put(NbTable t, NbRow row, NbRow old, Collection<?> toggledRoutes) {
            tables.put(t, tables.get(t).plus(row.uuid(), row));
            if (row instanceof LogicalRouter r) {
                Set<Uuid> had = old instanceof LogicalRouter o ? o.staticRoutes() : Set.of();
                if (toggledRoutes != null) {
                    toggledRoutes.forEach(u -> follow(r, (Uuid) u));
                } else {
                    had.forEach(u -> follow(r, u));
                    r.staticRoutes().forEach(u -> follow(r, u));
                }
            }
        }

        /** The route's owner after {@code r}'s change: {@code r} if it holds the route, else as before. */
        private void follow(LogicalRouter r, Uuid route) {
            if (r.staticRoutes().contains(route)) {
                routeOwners = routeOwners.plus(route, r.uuid());
            } else if (r.uuid().equals(routeOwners.get(route))) {
                routeOwners = routeOwners.minus(route);
            }
        }

        void remove(NbTable t, NbRow old) {
            tables.put(t, tables.get(t).minus(old.uuid()));
            if (old instanceof LogicalRouter r) {
                for (Uuid u : r.staticRoutes()) {
                    if (r.uuid().equals(routeOwners.get(u))) {
                        routeOwners = routeOwners.minus(u);
                    }
                }
            }
        }

        NbSnapshot snapshot(long generation) {
            Map<NbTable, Map<Uuid, NbRow>> m = new EnumMap<>(NbTable.class);
            m.putAll(tables);
            return new NbSnapshot(generation, m, routeOwners);
        }
    }
}
