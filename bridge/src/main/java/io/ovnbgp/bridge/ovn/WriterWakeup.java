package io.ovnbgp.bridge.ovn;

import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Wakes the OVN writer as soon as either of its sources has something: the Loc-RIB's change stream (through its
 * publish hook) or the Northbound inbox. A signal given while the writer is busy is kept, so the next {@link #await}
 * returns at once: nothing waits for a poll timeout.
 */
final class WriterWakeup {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition signalled = lock.newCondition();
    private boolean pending;

    /** Any thread: there is something for the writer. */
    void signal() {
        lock.lock();
        try {
            pending = true;
            signalled.signal();
        } finally {
            lock.unlock();
        }
    }

    /** The writer: waits until signalled (since the last return) or {@code max} passed; then clears the signal. */
    void await(Duration max) throws InterruptedException {
        long nanos = max.toNanos();
        lock.lockInterruptibly();
        try {
            while (!pending && nanos > 0) {
                nanos = signalled.awaitNanos(nanos);
            }
            pending = false;
        } finally {
            lock.unlock();
        }
    }
}
