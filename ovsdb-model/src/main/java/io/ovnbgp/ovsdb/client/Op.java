package io.ovnbgp.ovsdb.client;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One operation of a {@code transact} (RFC 7047 §5.2), built by the caller; a list of them is committed as one
 * transaction by {@link OvsdbSession#transact}. Row values are Java values as {@link Row} describes; an empty
 * {@link Optional} or empty set clears an optional column.
 */
public sealed interface Op {
    /** The table the operation works on, or null for {@link Comment}. */
    String table();

    /** A short human description used in error messages, e.g. {@code insert Logical_Router_Static_Route as route0}. */
    String describe();

    /**
     * Inserts a row; {@code uuidName} (optional) lets later operations refer to it with {@link NamedUuid}, and
     * {@code uuid} (optional) is the row's uuid chosen by us: the server refuses it if a row with that uuid exists
     * ("duplicate uuid"), a check by hash where a {@code wait} on column values would scan the table.
     */
    record Insert(String table, Map<String, Object> row, String uuidName, Uuid uuid) implements Op {
        public Insert(String table, Map<String, Object> row, String uuidName) {
            this(table, row, uuidName, null);
        }

        public Insert {
            requireTable(table);
            row = copy(row);
            if (uuidName != null && !NamedUuid.isValid(uuidName)) {
                throw new IllegalArgumentException(
                        "insert into " + table + ": '" + uuidName + "' is not a valid uuid-name");
            }
        }

        /** The reference later operations of the same transaction use for this row. */
        public NamedUuid ref() {
            if (uuidName == null) {
                throw new IllegalStateException("insert into " + table + " has no uuid-name");
            }
            return new NamedUuid(uuidName);
        }

        @Override
        public String describe() {
            return "insert into " + table + (uuidName == null ? "" : " as " + uuidName)
                    + (uuid == null ? "" : " with uuid " + uuid);
        }
    }

    /** Sets the given columns of every row matching {@code where}. */
    record Update(String table, List<Condition> where, Map<String, Object> row) implements Op {
        public Update {
            requireTable(table);
            where = List.copyOf(where);
            row = copy(row);
            if (row.isEmpty()) {
                throw new IllegalArgumentException("update of " + table + " sets no column");
            }
        }

        @Override
        public String describe() {
            return "update " + table + " where " + where + " set " + row.keySet();
        }
    }

    /** Deletes every row matching {@code where}. */
    record Delete(String table, List<Condition> where) implements Op {
        public Delete {
            requireTable(table);
            where = List.copyOf(where);
        }

        @Override
        public String describe() {
            return "delete from " + table + " where " + where;
        }
    }

    /** Mutates columns of every row matching {@code where} (set/map insert and delete, arithmetic). */
    record Mutate(String table, List<Condition> where, List<Mutation> mutations) implements Op {
        public Mutate {
            requireTable(table);
            where = List.copyOf(where);
            mutations = List.copyOf(mutations);
            if (mutations.isEmpty()) {
                throw new IllegalArgumentException("mutate of " + table + " has no mutation");
            }
        }

        @Override
        public String describe() {
            return "mutate " + table + " where " + where + ": " + mutations;
        }
    }

    /**
     * RFC 7047 §5.2.6: waits until the {@code columns} of the rows matching {@code where} are {@code ==} (or
     * {@code !=}) {@code rows}; if that does not hold within {@code timeoutMillis} (0 = check once, null = no
     * limit) the whole transaction fails with "timed out".
     */
    record Wait(
            String table,
            List<Condition> where,
            List<String> columns,
            Until until,
            List<Map<String, Object>> rows,
            Long timeoutMillis)
            implements Op {
        public enum Until {
            EQ("=="),
            NE("!=");

            private final String wire;

            Until(String wire) {
                this.wire = wire;
            }

            public String wire() {
                return wire;
            }
        }

        public Wait {
            requireTable(table);
            where = List.copyOf(where);
            columns = List.copyOf(columns);
            Objects.requireNonNull(until, "until");
            rows = rows.stream().map(Op::copy).toList();
            if (timeoutMillis != null && timeoutMillis < 0) {
                throw new IllegalArgumentException("wait on " + table + ": negative timeout " + timeoutMillis);
            }
        }

        @Override
        public String describe() {
            return "wait until " + table + " where " + where + " " + columns + " " + until.wire + " " + rows
                    + (timeoutMillis == null ? "" : " within " + timeoutMillis + " ms");
        }
    }

    /** Reads {@code columns} of the rows matching {@code where}. */
    record Select(String table, List<Condition> where, List<String> columns) implements Op {
        public Select {
            requireTable(table);
            where = List.copyOf(where);
            columns = List.copyOf(columns);
            if (columns.isEmpty()) {
                // ovsdb-server would return every column; the ODL notes warn about column-less selects, so ask
                throw new IllegalArgumentException("select from " + table + ": name the columns");
            }
        }

        @Override
        public String describe() {
            return "select " + columns + " from " + table + " where " + where;
        }
    }

    /** A comment the server writes to its log with the transaction. */
    record Comment(String comment) implements Op {
        public Comment {
            Objects.requireNonNull(comment, "comment");
        }

        @Override
        public String table() {
            return null;
        }

        @Override
        public String describe() {
            return "comment '" + comment + "'";
        }
    }

    static Insert insert(String table, Map<String, Object> row) {
        return new Insert(table, row, null);
    }

    static Insert insert(String table, Map<String, Object> row, String uuidName) {
        return new Insert(table, row, uuidName);
    }

    static Update update(String table, List<Condition> where, Map<String, Object> row) {
        return new Update(table, where, row);
    }

    static Delete delete(String table, List<Condition> where) {
        return new Delete(table, where);
    }

    static Mutate mutate(String table, List<Condition> where, Mutation... mutations) {
        return new Mutate(table, where, List.of(mutations));
    }

    static Select select(String table, List<Condition> where, String... columns) {
        return new Select(table, where, List.of(columns));
    }

    static Comment comment(String text) {
        return new Comment(text);
    }

    private static void requireTable(String table) {
        if (table == null || table.isEmpty()) {
            throw new IllegalArgumentException("an operation needs a table");
        }
    }

    private static Map<String, Object> copy(Map<String, Object> row) {
        Map<String, Object> m = new LinkedHashMap<>();
        row.forEach((k, v) -> {
            if (k == null || v == null) {
                throw new IllegalArgumentException("null column or value in row " + row);
            }
            m.put(k, v);
        });
        return Collections.unmodifiableMap(m);
    }
}
