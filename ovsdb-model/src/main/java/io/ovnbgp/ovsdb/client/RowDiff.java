package io.ovnbgp.ovsdb.client;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * Applies an {@code update2} diff ({@link RowUpdate.Kind#MODIFY_DIFF}) to the row it modifies, as ovsdb-server
 * defines it: a scalar column takes the new value; a set column's listed elements are toggled (present: removed,
 * absent: added); a map column's pairs are applied (key absent: added; same value: removed; other value:
 * replaced). Costs O(size of the changed columns): callers with large sets should apply diffs to their own
 * persistent structures instead.
 */
public final class RowDiff {
    private RowDiff() {}

    public static Row apply(Row old, Row diff, String table, DbSchema schema) {
        Map<String, Object> out = new LinkedHashMap<>(old.columns());
        diff.columns().forEach((col, d) -> {
            switch (schema.kind(table, col)) {
                case ATOM -> out.put(col, d);
                case SET -> out.put(col, toggle(asSet(old.get(col)), asSet(d)));
                case MAP -> out.put(col, applyPairs(asMap(old.get(col), table + "." + col), asMap(d, col)));
            }
        });
        return new Row(out);
    }

    private static Set<Object> toggle(Set<Object> old, Set<Object> diff) {
        Set<Object> s = new LinkedHashSet<>(old);
        for (Object e : diff) {
            if (!s.remove(e)) {
                s.add(e);
            }
        }
        return s;
    }

    private static Map<Object, Object> applyPairs(Map<Object, Object> old, Map<Object, Object> diff) {
        Map<Object, Object> m = new LinkedHashMap<>(old);
        diff.forEach((k, v) -> {
            Object was = m.get(k);
            if (was != null && was.equals(v)) {
                m.remove(k);
            } else {
                m.put(k, v);
            }
        });
        return m;
    }

    /** A set column as decoded: a Set, or a bare atom for one element; absent is empty. */
    private static Set<Object> asSet(Object v) {
        Set<Object> s = new LinkedHashSet<>();
        if (v instanceof Collection<?> c) {
            s.addAll(c);
        } else if (v != null) {
            s.add(v);
        }
        return s;
    }

    /** A map column as decoded: a Map, or an empty set for an empty map; absent is empty. */
    private static Map<Object, Object> asMap(Object v, String where) {
        if (v == null || (v instanceof Collection<?> c && c.isEmpty())) {
            return Map.of();
        }
        if (v instanceof Map<?, ?> m) {
            return new LinkedHashMap<>(m);
        }
        throw new IllegalArgumentException(where + ": expected a map, got " + v);
    }
}
