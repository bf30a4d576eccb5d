package io.ovnbgp.ovsdb.client;

import java.util.List;

/**
 * The columns of one table to monitor (initial dump, inserts, deletes and modifications) and, for
 * {@code monitor_cond} and {@code monitor_cond_since}, the rows: those matching every clause of {@code where}
 * (empty: all rows). A plain {@code monitor} cannot filter; there {@code where} is ignored.
 */
public record MonitorRequest(String table, List<String> columns, List<Condition> where) {
    public MonitorRequest {
        if (table == null || table.isEmpty()) {
            throw new IllegalArgumentException("a monitor request needs a table");
        }
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException(
                    "monitor " + table + ": name the columns (all columns is never what we want)");
        }
        where = List.copyOf(where);
    }

    public MonitorRequest(String table, List<String> columns) {
        this(table, columns, List.of());
    }
}
