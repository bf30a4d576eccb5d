package io.ovnbgp.bgp.rib;

import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.Prefix;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The Loc-RIB's change stream, from the RIB thread to one consumer (the OVN writer). Changes come out in the
 * order their prefixes first changed; while a change waits, a newer one for the same prefix replaces its value
 * but keeps its place and its earliest arrival time, so a slow consumer sees at most one change per prefix and
 * the queue never holds more entries than the Loc-RIB has prefixes.
 */
public final class RouteChangeQueue {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notEmpty = lock.newCondition();
    private final LinkedHashMap<Prefix, RouteChange> pending = new LinkedHashMap<>();
    private final AtomicLong published = new AtomicLong();
    private final AtomicLong coalesced = new AtomicLong();
    private volatile Runnable onPublish = () -> {};

    /**
     * Sets what runs after each publish (on the RIB thread, outside the queue's lock; null for nothing): a consumer
     * that also waits on other sources wakes at once instead of polling this queue with a timeout. Keep it quick
     * and non-blocking, e.g. a signal.
     */
    public void onPublish(Runnable wake) {
        this.onPublish = wake == null ? () -> {} : wake;
    }

    /** Called by the RIB thread. */
    void publish(Prefix prefix, List<IpAddress> nextHops, long arrivalNanos) {
        publishAll(List.of(new RouteChange(prefix, nextHops, arrivalNanos)));
    }

    /** Called by the RIB thread with one task's changes, in order: one lock for all of them. */
    void publishAll(List<RouteChange> batch) {
        lock.lock();
        try {
            for (RouteChange c : batch) {
                RouteChange old = pending.get(c.prefix());
                if (old != null) {
                    coalesced.incrementAndGet();
                    if (old.firstArrivalNanos() - c.firstArrivalNanos() < 0) {
                        c = new RouteChange(c.prefix(), c.nextHops(), old.firstArrivalNanos());
                    }
                }
                pending.put(c.prefix(), c);
            }
            published.addAndGet(batch.size());
            notEmpty.signal();
        } finally {
            lock.unlock();
        }
        onPublish.run();
    }

    /** Waits until at least one change is there, then takes up to {@code max}, oldest first. */
    public List<RouteChange> drain(int max) throws InterruptedException {
        lock.lockInterruptibly();
        try {
            while (pending.isEmpty()) {
                notEmpty.await();
            }
            return take(max);
        } finally {
            lock.unlock();
        }
    }

    /** Like {@link #drain} but waits at most {@code timeout}; empty if nothing came. */
    public List<RouteChange> poll(int max, Duration timeout) throws InterruptedException {
        long nanos = timeout.toNanos();
        lock.lockInterruptibly();
        try {
            while (pending.isEmpty()) {
                if (nanos <= 0) {
                    return List.of();
                }
                nanos = notEmpty.awaitNanos(nanos);
            }
            return take(max);
        } finally {
            lock.unlock();
        }
    }

    /** Whatever is there now, without waiting. */
    public List<RouteChange> drainNow(int max) {
        lock.lock();
        try {
            return take(max);
        } finally {
            lock.unlock();
        }
    }

    private List<RouteChange> take(int max) {
        List<RouteChange> out = new ArrayList<>(Math.min(max, pending.size()));
        Iterator<RouteChange> it = pending.values().iterator();
        while (it.hasNext() && out.size() < max) {
            out.add(it.next());
            it.remove();
        }
        return out;
    }

    public int size() {
        lock.lock();
        try {
            return pending.size();
        } finally {
            lock.unlock();
        }
    }

    /** Changes published since start. */
    public long published() {
        return published.get();
    }

    /** Changes that replaced a waiting change for the same prefix. */
    public long coalesced() {
        return coalesced.get();
    }
}
