package io.ovnbgp.ovsdb.nb;

import io.ovnbgp.ovsdb.client.PersistentSet;
import io.ovnbgp.ovsdb.client.Row;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Applies an {@code update2} "modify" diff to the row it modifies, and keeps the columns that such diffs toggle
 * one element at a time (a router's {@code static_routes}, its {@code ports}, a port's {@code networks}) as
 * {@link PersistentSet}s, so that one route added to a router of 50,000 costs a path, not a copy.
 */
final class RowDiff {
    /** The monitored columns of set type with more than one element allowed: their diff toggles elements. */
    private static final Map<NbTable, Set<String>> SET_COLUMNS = Map.of(
            NbTable.LOGICAL_ROUTER, Set.of("static_routes", "ports"),
            NbTable.LOGICAL_ROUTER_PORT, Set.of("networks"));

    private RowDiff() {}

    /** {@code row} with its multi-valued set columns as persistent sets (done once, when a full row arrives). */
    static Row persist(NbTable table, Row row) {
        Set<String> sets = SET_COLUMNS.getOrDefault(table, Set.of());
        if (sets.isEmpty()) {
            return row;
        }
        Map<String, Object> m = new LinkedHashMap<>(row.columns());
        for (String c : sets) {
            Object v = m.get(c);
            if (v != null && !(v instanceof PersistentSet<?>)) {
                m.put(c, PersistentSet.copyOf(elements(v)));
            }
        }
        return Row.of(m);
    }

    /**
     * {@code old} changed by {@code diff} (ovsdb-server(7), update2): a multi-valued set column's diff holds the
     * elements to toggle; a map column's diff the pairs to apply (an absent key is added, a key with the same value
     * removed, with another value replaced); any other column's diff is its new value.
     */
    static Row apply(NbTable table, Row old, Row diff) {
        Set<String> sets = SET_COLUMNS.getOrDefault(table, Set.of());
        Map<String, Object> m = new LinkedHashMap<>(old.columns());
        diff.columns().forEach((column, d) -> {
            Object before = m.get(column);
            if (sets.contains(column)) {
                PersistentSet<Object> s =
                        before == null ? PersistentSet.empty() : PersistentSet.copyOf(elements(before));
                for (Object e : elements(d)) {
                    s = s.toggle(e);
                }
                m.put(column, s);
            } else if (d instanceof Map<?, ?> dm && (before instanceof Map<?, ?> || isEmptySet(before))) {
                m.put(column, applyMap(before instanceof Map<?, ?> bm ? bm : Map.of(), dm));
            } else {
                m.put(column, d);
            }
        });
        return Row.of(m);
    }

    /** The elements a diff toggles in a set column (empty when the diff leaves the column alone). */
    static Collection<?> toggled(Row diff, String column) {
        Object d = diff.get(column);
        return d == null ? Set.of() : elements(d);
    }

    private static boolean isEmptySet(Object v) {
        return v == null || (v instanceof Set<?> s && s.isEmpty());
    }

    private static Map<Object, Object> applyMap(Map<?, ?> before, Map<?, ?> diff) {
        Map<Object, Object> out = new LinkedHashMap<>(before);
        diff.forEach((k, v) -> {
            Object was = out.get(k);
            if (was != null && was.equals(v)) {
                out.remove(k);
            } else {
                out.put(k, v);
            }
        });
        return out;
    }

    /** A set column's value as a collection: the wire sends a one-element set as the bare atom. */
    private static Collection<?> elements(Object v) {
        return v instanceof Collection<?> c ? c : Set.of(v);
    }
}
