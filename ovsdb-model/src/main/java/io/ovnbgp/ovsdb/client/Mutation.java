package io.ovnbgp.ovsdb.client;

import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Objects;

/** One mutation of a {@link Op.Mutate} (RFC 7047 §5.1: {@code [column, mutator, value]}). */
public record Mutation(String column, Mutator mutator, Object value) {
    public enum Mutator {
        INSERT("insert"),
        DELETE("delete"),
        ADD("+="),
        SUBTRACT("-="),
        MULTIPLY("*="),
        DIVIDE("/="),
        MODULO("%=");

        private final String wire;

        Mutator(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    public Mutation {
        if (column == null || column.isEmpty()) {
            throw new IllegalArgumentException("a mutation needs a column");
        }
        Objects.requireNonNull(mutator, "mutator");
        Objects.requireNonNull(value, "value of mutation on " + column);
    }

    /** Adds elements to a set column, e.g. a route's uuid (or {@link NamedUuid}) into {@code static_routes}. */
    public static Mutation insert(String column, Object... elements) {
        return new Mutation(column, Mutator.INSERT, new LinkedHashSet<>(Arrays.asList(elements)));
    }

    /** Removes elements from a set column (absent ones are ignored by the server). */
    public static Mutation delete(String column, Object... elements) {
        return new Mutation(column, Mutator.DELETE, new LinkedHashSet<>(Arrays.asList(elements)));
    }

    /** Adds (or, for {@link Mutator#DELETE}, removes) key/value pairs of a map column. */
    public static Mutation insertEntries(String column, Map<?, ?> entries) {
        return new Mutation(column, Mutator.INSERT, entries);
    }

    public static Mutation deleteEntries(String column, Map<?, ?> entries) {
        return new Mutation(column, Mutator.DELETE, entries);
    }

    /** Removes keys of a map column whatever their values ({@code delete} with a set of keys). */
    public static Mutation deleteKeys(String column, String... keys) {
        return new Mutation(column, Mutator.DELETE, new LinkedHashSet<>(Arrays.asList(keys)));
    }

    @Override
    public String toString() {
        return column + " " + mutator.wire + " " + value;
    }
}
