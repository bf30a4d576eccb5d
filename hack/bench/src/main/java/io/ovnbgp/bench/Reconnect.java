package io.ovnbgp.bench;

import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.OvnNbCluster;
import io.ovnbgp.ovsdb.nb.MonitorMode;
import io.ovnbgp.ovsdb.nb.NorthboundClient;
import io.ovnbgp.ovsdb.nb.NorthboundOptions;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The bridge's reconnect to a RAFT Northbound with {@code routes} of its routes on its router, per monitor mode.
 * ovsdb-server keeps transaction history (what {@code monitor_cond_since} resumes from) only for clustered
 * databases and only in memory, so each case says whether the history survives: the link cut (every server keeps
 * running), the member the bridge is on killed (the others keep theirs; 3 members only), and every member
 * restarted (history lost: must fall back to a full dump). Each member sits behind a {@link ByteCountingRelay}:
 * the bytes are counted outside our client, and the cut is the relay closing its connections. A fresh client's
 * initial sync through the same relays is the full dump to compare with.
 */
final class Reconnect {
    private static final Duration SYNC = Duration.ofSeconds(90);

    /**
     * One reconnect: whether the servers kept their history, ms from the event and from the new connection to the
     * client synced, whether it was told {@code resynced}, the bytes each way, and how many times the link dropped
     * (more than once: the cluster's leadership moved meanwhile, as it does on a busy machine).
     */
    record Resume(
            String what,
            boolean historyKept,
            double toSyncedMs,
            double connectToSyncedMs,
            boolean resyncedCalled,
            long bytes,
            long bytesSettled,
            long bytesSent,
            long disconnects,
            String failure) {
        static Resume failed(String what, boolean historyKept, Exception e) {
            return new Resume(what, historyKept, Double.NaN, Double.NaN, false, 0, 0, 0, 0, String.valueOf(e));
        }
    }

    /** A mode's full-dump reference and its reconnects. */
    record ModeResult(
            MonitorMode mode, Set<String> onTheWire, double fullDumpMs, long fullDumpBytes, List<Resume> resumes) {}

    private final OvnNbCluster cluster;
    private final List<ByteCountingRelay> relays = new ArrayList<>();
    private int killed = -1;

    private Reconnect(OvnNbCluster cluster) throws IOException {
        this.cluster = cluster;
        for (int i = 0; i < cluster.size(); i++) {
            relays.add(ByteCountingRelay.start(port(cluster.tcpRemote(i))));
        }
    }

    /** A fresh cluster of {@code members} with one router; the bridge preloaded with {@code routes}; the cases. */
    static ModeResult measure(Daemons daemons, int members, MonitorMode mode, int routes) throws Exception {
        OvnNbCluster cluster = daemons.ovnNbCluster(members);
        cluster.nbctl("lr-add", SyncBridge.ROUTER);
        Reconnect r = new Reconnect(cluster);
        NorthboundOptions options = NorthboundOptions.parse(r.remotes()).withMonitorMode(mode);
        try (SyncBridge bridge = SyncBridge.start(options)) {
            bridge.preload(routes);
            long[] dump = r.fullDump(options);
            List<Resume> resumes = new ArrayList<>();
            resumes.add(r.resume(bridge, routes, "link cut; every server keeps running", true, r::cutAll));
            if (members >= 3) {
                resumes.add(r.resume(
                        bridge,
                        routes,
                        "the member the bridge is on killed; the others run on",
                        true,
                        r::killBridgeMember));
                r.restartKilled();
            }
            resumes.add(r.resume(bridge, routes, "every member killed and restarted", false, r::restartAll));
            return new ModeResult(mode, r.monitorMethods(), dump[0] / 1e6, dump[1], resumes);
        } finally {
            r.close();
            cluster.close();
        }
    }

    private String remotes() {
        return String.join(",", relays.stream().map(ByteCountingRelay::remote).toList());
    }

    /**
     * A new client with the bridge's options: ns to its first sync, and the bytes it received; the smallest of three,
     * as a client whose leader moved during its first sync takes a second dump.
     */
    private long[] fullDump(NorthboundOptions options) throws Exception {
        long[] best = null;
        for (int i = 0; i < 3; i++) {
            resetCounters();
            long t0 = System.nanoTime();
            try (NorthboundClient fresh = NorthboundClient.start(options.withScope(SyncBridge.SCOPE), null)) {
                if (!fresh.awaitSynced(SYNC)) {
                    throw new IllegalStateException("a fresh client did not sync within " + SYNC);
                }
                long[] dump = {System.nanoTime() - t0, bytesToClient()};
                best = best == null || dump[1] < best[1] ? dump : best;
            }
        }
        return best;
    }

    /** One case; a case that fails (times out) is reported as failed, and the next cases still run. */
    private Resume resume(SyncBridge bridge, int routes, String what, boolean historyKept, Runnable event) {
        try {
            return measureResume(bridge, routes, what, historyKept, event);
        } catch (Exception e) {
            SizeRun.log("reconnect case '%s' failed: %s", what, e);
            return Resume.failed(what, historyKept, e);
        }
    }

    private Resume measureResume(SyncBridge bridge, int routes, String what, boolean historyKept, Runnable event)
            throws Exception {
        NbLinkEvents ev = bridge.events();
        awaitStable(bridge, what);
        long disconnects = ev.disconnects();
        long resyncs = ev.resyncs();
        resetCounters();
        long t0 = System.nanoTime();
        event.run();
        ev.awaitDisconnect(disconnects, SYNC.toMillis());
        if (!bridge.nb().awaitSynced(SYNC)) {
            throw new IllegalStateException("the bridge did not resync within " + SYNC + " after: " + what);
        }
        long synced = System.nanoTime();
        long bytes = bytesToClient();
        long connected = relays.stream()
                .mapToLong(ByteCountingRelay::lastConnectNanos)
                .max()
                .orElse(t0);
        bridge.quiet(); // the reconciler's own repairs, if any, and the monitor's last updates
        if (bridge.rowsOwned() != routes) {
            throw new IllegalStateException(
                    "after " + what + " the bridge owns " + bridge.rowsOwned() + " rows, not " + routes);
        }
        long sent = relays.stream().mapToLong(ByteCountingRelay::bytesToServer).sum();
        return new Resume(
                what,
                historyKept,
                (synced - t0) / 1e6,
                (synced - connected) / 1e6,
                ev.resyncs() > resyncs,
                bytes,
                bytesToClient(),
                sent,
                ev.disconnects() - disconnects,
                null);
    }

    /**
     * Waits until the bridge is synced and has kept its link for 2 s: while the cluster's leadership moves, an event
     * let loose between a drop and the next connection would hit nothing.
     */
    private static void awaitStable(SyncBridge bridge, String what) throws Exception {
        long deadline = System.nanoTime() + SYNC.toNanos();
        while (true) {
            long seen = bridge.events().disconnects();
            if (bridge.nb().awaitSynced(SYNC)) {
                Thread.sleep(2_000);
                if (bridge.events().disconnects() == seen && bridge.nb().isReady()) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the bridge's link was not stable for 2 s before: " + what);
            }
        }
    }

    private void cutAll() {
        relays.forEach(ByteCountingRelay::cut);
    }

    /** Kills the member whose relay carries the bridge's connection (the leader it is synced with). */
    private void killBridgeMember() {
        killed = -1;
        for (int i = 0; i < relays.size(); i++) {
            if (relays.get(i).connections() > 0) {
                killed = i;
            }
        }
        if (killed < 0) {
            killed = cluster.awaitLeader(SYNC);
        }
        cluster.kill(killed);
    }

    /** The member {@link #killBridgeMember} killed back, as a follower, so that the next case starts whole. */
    private void restartKilled() throws InterruptedException {
        cluster.restart(killed);
        long deadline = System.nanoTime() + SYNC.toNanos();
        while (!cluster.status(killed).contains("Status: cluster member")) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("member " + killed + " did not rejoin within " + SYNC);
            }
            Thread.sleep(100);
        }
    }

    private void restartAll() {
        for (int i = 0; i < cluster.size(); i++) {
            cluster.kill(i);
        }
        for (int i = 0; i < cluster.size(); i++) {
            cluster.restart(i);
        }
        cluster.awaitLeader(SYNC);
    }

    private Set<String> monitorMethods() {
        Set<String> out = new TreeSet<>();
        relays.forEach(r -> out.addAll(r.monitorMethods()));
        return out;
    }

    private void resetCounters() {
        relays.forEach(ByteCountingRelay::resetCounters);
    }

    private long bytesToClient() {
        return relays.stream().mapToLong(ByteCountingRelay::bytesToClient).sum();
    }

    private static int port(String tcpRemote) {
        return Integer.parseInt(tcpRemote.substring(tcpRemote.lastIndexOf(':') + 1));
    }

    private void close() throws IOException {
        for (ByteCountingRelay r : relays) {
            r.close();
        }
    }
}
