package io.ovnbgp.ovsdb.client;

import java.util.List;

/** The columns of one table to monitor (initial dump, inserts, deletes and modifications). */
public record MonitorRequest(String table, List<String> columns) {
    public MonitorRequest {
        if (table == null || table.isEmpty()) {
            throw new IllegalArgumentException("a monitor request needs a table");
        }
        columns = List.copyOf(columns);
        if (columns.isEmpty()) {
            throw new IllegalArgumentException(
                    "monitor " + table + ": name the columns (all columns is never what we want)");
        }
    }
}
