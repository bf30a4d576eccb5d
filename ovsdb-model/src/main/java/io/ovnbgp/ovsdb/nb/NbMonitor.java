package io.ovnbgp.ovsdb.nb;

import io.ovnbgp.ovsdb.client.MonitorMethod;
import io.ovnbgp.ovsdb.client.MonitorRequest;
import io.ovnbgp.ovsdb.client.OvsdbException;
import io.ovnbgp.ovsdb.client.OvsdbRpcException;
import io.ovnbgp.ovsdb.client.OvsdbSession;
import io.ovnbgp.ovsdb.client.RowUpdate;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The NB monitor across sessions: picks the method (stepping down while the server answers "unknown method" in
 * {@code AUTO}), resumes {@code monitor_cond_since} from the last transaction id seen, applies updates to the
 * cache on the Netty thread and queues the listener calls, and counts what {@link NorthboundClient.MonitorStats}
 * reports.
 */
final class NbMonitor {
    private static final Logger LOG = LoggerFactory.getLogger(NbMonitor.class);
    private static final String MONITOR_ID = "ovn-bgp-bridge-nb";

    private final NorthboundOptions options;
    private final NbCache cache;
    private final NorthboundListener listener;
    private final ListenerQueue queue;
    private final AtomicLong fullDumps = new AtomicLong();
    private final AtomicLong resumes = new AtomicLong();
    private volatile MonitorMethod inUse;
    private volatile String lastTxnId;
    private volatile OvsdbSession lastSession;

    NbMonitor(NorthboundOptions options, NbCache cache, NorthboundListener listener, ListenerQueue queue) {
        this.options = options;
        this.cache = cache;
        this.listener = listener;
        this.queue = queue;
    }

    NorthboundClient.MonitorStats stats() {
        MonitorMethod m = inUse;
        OvsdbSession last = lastSession;
        return new NorthboundClient.MonitorStats(
                m == null ? null : MonitorMode.parse(m.wire()),
                fullDumps.get(),
                resumes.get(),
                lastTxnId,
                last == null ? 0 : last.bytesReceived());
    }

    MonitorMethod inUse() {
        return inUse;
    }

    /** A new session was opened: its bytes are the ones {@link #stats()} reports from now on. */
    void opened(OvsdbSession s) {
        lastSession = s;
    }

    /** The cluster was rebuilt: its transaction ids are not ours to resume from. */
    void forgetResumePoint() {
        lastTxnId = null;
    }

    /**
     * Starts the NB monitor with the configured method; {@code AUTO} steps down to an older method while the
     * server answers "unknown method". {@code monitor_cond_since} resumes from the last transaction id seen.
     */
    void start(ActiveSession a) throws OvsdbException, InterruptedException {
        OvsdbSession s = a.session;
        List<MonitorRequest> requests = NbTable.monitorRequests(options.scope());
        List<MonitorMethod> methods = switch (options.monitorMode()) {
            case AUTO -> List.of(MonitorMethod.values());
            case MONITOR_COND_SINCE -> List.of(MonitorMethod.MONITOR_COND_SINCE);
            case MONITOR_COND -> List.of(MonitorMethod.MONITOR_COND);
            case MONITOR -> List.of(MonitorMethod.MONITOR);
        };
        for (int i = 0; ; i++) {
            MonitorMethod m = methods.get(i);
            try {
                Sink sink = new Sink(a, m);
                String since = m == MonitorMethod.MONITOR_COND_SINCE ? lastTxnId : null;
                RpcWait.get(
                        s.monitor(
                                NorthboundClient.DATABASE, MONITOR_ID, m, requests, since, sink, options.rpcTimeout()),
                        s.remote() + ": " + m.wire() + " " + NorthboundClient.DATABASE,
                        options.rpcTimeout());
                inUse = m;
                return;
            } catch (OvsdbRpcException e) {
                if (!e.unknownMethod() || i == methods.size() - 1) {
                    throw e;
                }
                LOG.info(
                        "OVN Northbound: {} does not offer {}; trying {}",
                        s.remote(),
                        m.wire(),
                        methods.get(i + 1).wire());
            }
        }
    }

    /** The NB monitor of one session; runs on the Netty thread. */
    private final class Sink implements OvsdbSession.MonitorSink {
        private final ActiveSession owner;
        private final MonitorMethod method;

        Sink(ActiveSession owner, MonitorMethod method) {
            this.owner = owner;
            this.method = method;
        }

        @Override
        public void initial(List<RowUpdate> rows) {
            fullDumps.incrementAndGet();
            if (method != MonitorMethod.MONITOR_COND_SINCE) {
                lastTxnId = null; // nothing to resume from after this session
            }
            NbSnapshot s = cache.replace(rows);
            queue.post(() -> listener.resynced(s), owner.session);
        }

        @Override
        public void resumed(List<RowUpdate> changes) {
            resumes.incrementAndGet();
            owner.resumed = true;
            cache.apply(changes);
            NbSnapshot s = cache.current();
            queue.post(() -> listener.resynced(s), owner.session);
        }

        @Override
        public void update(List<RowUpdate> rows) {
            if (owner.session.closeReason() != null) {
                return;
            }
            NbCache.Applied applied = cache.apply(rows);
            if (!applied.changes().isEmpty()) {
                queue.post(() -> listener.changed(applied.changes(), applied.after()), owner.session);
            }
        }

        @Override
        public void lastTxnId(String txnId) {
            if (owner.session.closeReason() == null) {
                lastTxnId = txnId;
            }
        }
    }
}
