package io.ovnbgp.ovsdb.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The monitored columns of one row as decoded from OVSDB JSON: atoms are {@link String}, {@link Long},
 * {@link Double}, {@link Boolean} or {@link Uuid}; sets are {@link Set}s and maps {@link Map}s of atoms. A set
 * with one element arrives on the wire as the bare atom and an empty optional as an empty set: the typed
 * getters below accept either, so a caller never has to care. A column that is absent reads as its type's
 * default (empty set or map, "" , 0, false).
 */
public record Row(Map<String, Object> columns) {
    public Row {
        columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
    }

    public static Row of(Map<String, Object> columns) {
        return new Row(columns);
    }

    public boolean has(String column) {
        return columns.containsKey(column);
    }

    public Object get(String column) {
        return columns.get(column);
    }

    /** This row's columns overlaid with {@code newer}'s. */
    public Row overlay(Row newer) {
        Map<String, Object> m = new LinkedHashMap<>(columns);
        m.putAll(newer.columns);
        return new Row(m);
    }

    public String string(String column) {
        return optionalString(column).orElse("");
    }

    public Optional<String> optionalString(String column) {
        return optionalAtom(column, String.class);
    }

    public long longValue(String column) {
        return optionalLong(column).orElse(0);
    }

    public OptionalLong optionalLong(String column) {
        Optional<Long> v = optionalAtom(column, Long.class);
        return v.isPresent() ? OptionalLong.of(v.get()) : OptionalLong.empty();
    }

    public boolean bool(String column) {
        return optionalAtom(column, Boolean.class).orElse(false);
    }

    public Optional<Uuid> optionalUuid(String column) {
        return optionalAtom(column, Uuid.class);
    }

    public Set<String> stringSet(String column) {
        return setOf(column, String.class);
    }

    public Set<Uuid> uuidSet(String column) {
        return setOf(column, Uuid.class);
    }

    public Map<String, String> stringMap(String column) {
        Object v = columns.get(column);
        if (v == null) {
            return Map.of();
        }
        if (v instanceof Set<?> s && s.isEmpty()) {
            return Map.of();
        }
        if (!(v instanceof Map<?, ?> m)) {
            throw new IllegalStateException("column " + column + " is not a map: " + v);
        }
        Map<String, String> out = new LinkedHashMap<>();
        m.forEach((k, val) -> out.put(cast(column, k, String.class), cast(column, val, String.class)));
        return Collections.unmodifiableMap(out);
    }

    private <T> Optional<T> optionalAtom(String column, Class<T> type) {
        Object v = columns.get(column);
        if (v == null) {
            return Optional.empty();
        }
        if (v instanceof Set<?> s) {
            if (s.isEmpty()) {
                return Optional.empty();
            }
            if (s.size() > 1) {
                throw new IllegalStateException(
                        "column " + column + " holds " + s.size() + " values, expected at most one");
            }
            v = s.iterator().next();
        }
        return Optional.of(cast(column, v, type));
    }

    private <T> Set<T> setOf(String column, Class<T> type) {
        Object v = columns.get(column);
        if (v == null) {
            return Set.of();
        }
        if (v instanceof PersistentSet<?> p
                && (p.isEmpty() || type.isInstance(p.iterator().next()))) {
            // immutable already, and kept as it is: a copy would cost the whole set for every one-element diff
            @SuppressWarnings("unchecked")
            Set<T> same = (Set<T>) p;
            return same;
        }
        if (v instanceof Set<?> s) {
            LinkedHashSet<T> out = new LinkedHashSet<>();
            for (Object o : s) {
                out.add(cast(column, o, type));
            }
            return Collections.unmodifiableSet(out);
        }
        return Set.of(cast(column, v, type));
    }

    private static <T> T cast(String column, Object v, Class<T> type) {
        if (!type.isInstance(v)) {
            throw new IllegalStateException("column " + column + ": expected " + type.getSimpleName() + ", got "
                    + (v == null ? "null" : v.getClass().getSimpleName() + " " + v));
        }
        return type.cast(v);
    }
}
