package io.ovnbgp.ovsdb.client;

import java.util.Map;
import java.util.Objects;

/**
 * One clause of a {@code where} (RFC 7047 §5.1: {@code [column, function, value]}). The value is a Java value as
 * {@link Row} describes ({@link Uuid}, {@link NamedUuid}, String, Long, Boolean, Double, Set, Map).
 */
public record Condition(String column, Function function, Object value) {
    public enum Function {
        EQ("=="),
        NE("!="),
        INCLUDES("includes"),
        EXCLUDES("excludes"),
        LT("<"),
        LE("<="),
        GT(">"),
        GE(">=");

        private final String wire;

        Function(String wire) {
            this.wire = wire;
        }

        public String wire() {
            return wire;
        }
    }

    public Condition {
        if (column == null || column.isEmpty()) {
            throw new IllegalArgumentException("a condition needs a column");
        }
        Objects.requireNonNull(function, "function");
        Objects.requireNonNull(value, "value of condition on " + column);
    }

    /** {@code _uuid == uuid}: the row itself. */
    public static Condition uuidIs(Uuid uuid) {
        return new Condition("_uuid", Function.EQ, uuid);
    }

    /** {@code _uuid != uuid}. */
    public static Condition uuidIsNot(Uuid uuid) {
        return new Condition("_uuid", Function.NE, uuid);
    }

    public static Condition eq(String column, Object value) {
        return new Condition(column, Function.EQ, value);
    }

    public static Condition ne(String column, Object value) {
        return new Condition(column, Function.NE, value);
    }

    public static Condition includes(String column, Object value) {
        return new Condition(column, Function.INCLUDES, value);
    }

    public static Condition excludes(String column, Object value) {
        return new Condition(column, Function.EXCLUDES, value);
    }

    /** {@code external_ids includes {key=value}}: the row carries that external id. */
    public static Condition externalId(String key, String value) {
        return includes("external_ids", Map.of(key, value));
    }

    @Override
    public String toString() {
        return column + " " + function.wire + " " + value;
    }
}
