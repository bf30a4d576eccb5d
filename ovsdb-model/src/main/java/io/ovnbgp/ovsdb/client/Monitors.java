package io.ovnbgp.ovsdb.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The monitors of one session by id. {@link RpcHandler} hands their notifications here, on the Netty thread:
 * {@code update} (RFC 7047), {@code update2} ({@code monitor_cond}) and {@code update3}
 * ({@code monitor_cond_since}, with the id of the transaction it reflects).
 */
final class Monitors {
    private static final Logger LOG = LoggerFactory.getLogger(OvsdbSession.class);

    private final OvsdbRemote remote;
    private final Consumer<String> closeWith;
    private final Map<String, Monitor> byId = new ConcurrentHashMap<>();

    /** {@code closeWith} drops the connection, naming why, when an update cannot be applied. */
    Monitors(OvsdbRemote remote, Consumer<String> closeWith) {
        this.remote = remote;
        this.closeWith = closeWith;
    }

    /** Registers a monitor for {@code sink}, or returns null if {@code id} is in use. */
    Monitor add(String id, OvsdbSession.MonitorSink sink) {
        Monitor m = new Monitor(sink);
        return byId.putIfAbsent(id, m) == null ? m : null;
    }

    void remove(String id, Monitor m) {
        byId.remove(id, m);
    }

    /** The connection closed: no update can follow. */
    void clear() {
        byId.clear();
    }

    /** On the Netty thread: one {@code update}, {@code update2} or {@code update3} notification. */
    void notification(String method, JsonNode params) {
        String id = params != null && params.isArray() && params.size() > 0
                ? params.get(0).asText()
                : null;
        Monitor m = id == null ? null : byId.get(id);
        if (m == null) {
            LOG.debug("{}: {} for unknown monitor {}", remote, method, id);
            return;
        }
        try {
            switch (method) {
                case "update" -> m.update(TableUpdates.parse(params.get(1)), null);
                case "update2" -> m.update(TableUpdates.parse2(params.get(1)), null);
                case "update3" ->
                    m.update(TableUpdates.parse2(params.get(2)), params.get(1).asText());
                default -> throw new IllegalArgumentException("not a monitor notification: " + method);
            }
        } catch (RuntimeException e) {
            // a cache that missed an update is wrong from then on: drop the connection, the owner resyncs
            LOG.warn("{}: cannot apply an update of monitor {}: {}", remote, id, e.toString(), e);
            closeWith.accept("cannot apply an update of monitor " + id + ": " + e.getMessage());
        }
    }

    /** One monitor's sink; notifications that would arrive before its reply is delivered wait for it. */
    static final class Monitor {
        private final OvsdbSession.MonitorSink sink;
        private List<Runnable> early = new ArrayList<>();

        Monitor(OvsdbSession.MonitorSink sink) {
            this.sink = sink;
        }

        /** The monitor's reply: a full dump, or (resumed) the changes since the transaction id asked for. */
        void deliverReply(List<RowUpdate> rows, boolean resumed, String lastTxnId) {
            if (resumed) {
                sink.resumed(rows);
            } else {
                sink.initial(rows);
            }
            if (lastTxnId != null) {
                sink.lastTxnId(lastTxnId);
            }
            List<Runnable> held = early;
            early = null;
            held.forEach(Runnable::run);
        }

        void update(List<RowUpdate> rows, String lastTxnId) {
            Runnable r = () -> {
                sink.update(rows);
                if (lastTxnId != null) {
                    sink.lastTxnId(lastTxnId);
                }
            };
            if (early != null) {
                early.add(r);
            } else {
                r.run();
            }
        }
    }
}
