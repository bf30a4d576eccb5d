package io.ovnbgp.ovsdb.nb;

import io.ovnbgp.ovsdb.client.MonitorRequest;
import io.ovnbgp.ovsdb.client.OvsdbException;
import io.ovnbgp.ovsdb.client.OvsdbSession;
import io.ovnbgp.ovsdb.client.Row;
import io.ovnbgp.ovsdb.client.RowUpdate;
import io.ovnbgp.ovsdb.client.Uuid;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * Watches {@code _Server.Database} for one database over a session: its model, and for a RAFT member whether it
 * is connected to its cluster and the leader. The {@link NorthboundClient} follows the leader with it.
 */
public final class ServerWatch {
    private static final MonitorRequest DATABASE_TABLE =
            new MonitorRequest("Database", List.of("name", "model", "connected", "leader", "index"));

    private final String database;
    private final Consumer<ServerStatus> onChange;
    private final Map<Uuid, Row> rows = new HashMap<>();

    private ServerWatch(String database, Consumer<ServerStatus> onChange) {
        this.database = database;
        this.onChange = onChange;
    }

    /**
     * Starts watching {@code database} on {@code session}: the future gives its status now; {@code onChange} gets
     * every later status on the Netty thread. A server without {@code _Server} counts as standalone.
     */
    public static CompletableFuture<ServerStatus> watch(
            OvsdbSession session, String database, Consumer<ServerStatus> onChange, Duration timeout) {
        ServerWatch w = new ServerWatch(database, onChange);
        CompletableFuture<ServerStatus> out = new CompletableFuture<>();
        session.monitor("_Server", "_Server", List.of(DATABASE_TABLE), w.new Sink(), timeout)
                .whenComplete((v, t) -> {
                    if (t == null) {
                        ServerStatus s = w.current();
                        if (s == null) {
                            out.completeExceptionally(
                                    new OvsdbException(session.remote() + ": the server has no database " + database));
                        } else {
                            out.complete(s);
                        }
                    } else if (String.valueOf(t.getMessage()).contains("unknown database")) {
                        out.complete(ServerStatus.standalone(database));
                    } else {
                        out.completeExceptionally(t);
                    }
                });
        return out;
    }

    /** The monitor's rows, on the Netty thread. */
    private final class Sink implements OvsdbSession.MonitorSink {
        @Override
        public void initial(List<RowUpdate> updates) {
            apply(updates);
        }

        @Override
        public void update(List<RowUpdate> updates) {
            apply(updates);
            ServerStatus s = current();
            onChange.accept(s != null ? s : new ServerStatus(database, "absent", false, false, 0));
        }
    }

    private void apply(List<RowUpdate> updates) {
        for (RowUpdate u : updates) {
            if (u.kind() == RowUpdate.Kind.DELETE) {
                rows.remove(u.uuid());
            } else {
                rows.merge(u.uuid(), u.row(), Row::overlay);
            }
        }
    }

    /** The database's row as a status, or null if the server has none for it. */
    private ServerStatus current() {
        for (Row r : rows.values()) {
            if (database.equals(r.string("name"))) {
                return new ServerStatus(
                        database,
                        r.string("model"),
                        r.bool("connected"),
                        r.bool("leader"),
                        r.optionalLong("index").orElse(0));
            }
        }
        return null;
    }
}
