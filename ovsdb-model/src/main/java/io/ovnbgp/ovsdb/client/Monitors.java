package io.ovnbgp.ovsdb.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.opendaylight.ovsdb.lib.message.OvsdbRPC;
import org.opendaylight.ovsdb.lib.message.UpdateNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The monitors of one session by id; the library hands its {@code update} notifications here, on the Netty thread. */
final class Monitors implements OvsdbRPC.Callback {
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

    @Override
    public void update(Object context, UpdateNotification n) {
        Monitor m = byId.get(n.getContext());
        if (m == null) {
            LOG.debug("{}: update for unknown monitor {}", remote, n.getContext());
            return;
        }
        try {
            m.update(OvsdbJson.tableUpdates(n.getUpdates()));
        } catch (RuntimeException e) {
            // a cache that missed an update is wrong from then on: drop the connection, the owner resyncs
            LOG.warn("{}: cannot apply an update of monitor {}: {}", remote, n.getContext(), e.toString(), e);
            closeWith.accept("cannot apply an update of monitor " + n.getContext() + ": " + e.getMessage());
        }
    }

    @Override
    public void locked(Object context, List<String> ids) {}

    @Override
    public void stolen(Object context, List<String> ids) {}

    /** One monitor's sink, with the updates that would arrive before its initial dump held back until then. */
    static final class Monitor {
        private final OvsdbSession.MonitorSink sink;
        private List<List<RowUpdate>> early = new ArrayList<>();

        Monitor(OvsdbSession.MonitorSink sink) {
            this.sink = sink;
        }

        void deliverInitial(List<RowUpdate> rows) {
            sink.initial(rows);
            List<List<RowUpdate>> held = early;
            early = null;
            held.forEach(sink::update);
        }

        void update(List<RowUpdate> rows) {
            if (early != null) {
                early.add(rows);
            } else {
                sink.update(rows);
            }
        }
    }
}
