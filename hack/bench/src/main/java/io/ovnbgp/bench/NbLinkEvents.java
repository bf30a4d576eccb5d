package io.ovnbgp.bench;

import io.ovnbgp.ovsdb.nb.NbSnapshot;
import io.ovnbgp.ovsdb.nb.NorthboundListener;
import io.ovnbgp.ovsdb.nb.RowChange;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Passes every Northbound event on to the bridge's listener (the reconciler) and notes when the link dropped and
 * when the client last told it {@code resynced}, in {@link System#nanoTime}, for the reconnect measurement.
 */
final class NbLinkEvents implements NorthboundListener {
    private final NorthboundListener next;
    private long disconnects;
    private long lastDisconnectNanos;
    private long resyncs;
    private long lastResyncNanos;

    NbLinkEvents(NorthboundListener next) {
        this.next = next;
    }

    @Override
    public void resynced(NbSnapshot snapshot) {
        synchronized (this) {
            resyncs++;
            lastResyncNanos = System.nanoTime();
            notifyAll();
        }
        next.resynced(snapshot);
    }

    @Override
    public void changed(List<RowChange> changes, NbSnapshot after) {
        next.changed(changes, after);
    }

    @Override
    public void disconnected(String reason) {
        synchronized (this) {
            disconnects++;
            lastDisconnectNanos = System.nanoTime();
            notifyAll();
        }
        next.disconnected(reason);
    }

    synchronized long resyncs() {
        return resyncs;
    }

    synchronized long lastResyncNanos() {
        return lastResyncNanos;
    }

    /** Waits until the client has reported more than {@code seen} disconnects; returns the last one's time. */
    synchronized long awaitDisconnect(long seen, long timeoutMillis) throws InterruptedException, TimeoutException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (disconnects <= seen) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new TimeoutException("the Northbound client saw no disconnect");
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return lastDisconnectNanos;
    }

    synchronized long disconnects() {
        return disconnects;
    }
}
