package io.ovnbgp.bridge.ovn;

import io.ovnbgp.ovsdb.client.Backoff;
import io.ovnbgp.ovsdb.client.TransactionException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When the OVN writer may act: after a failed transaction, when it may transact again and whether it must first
 * adopt the Northbound cache again (the rebuild); and when the next audit of its view is due. Writer thread only.
 */
final class WriterSchedule {
    // the outcome of a transaction is the writer's to tell: logged under its logger, as before this split
    private static final Logger LOG = LoggerFactory.getLogger(StaticRouteReconciler.class);
    private static final long AUDIT_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long QUIET_NANOS = TimeUnit.SECONDS.toNanos(2);

    /** After a failed transaction: 100 ms doubling to 5 s, back to 100 ms at the next commit. */
    private final Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    private long lastTxnNanos;
    private long nextAudit = System.nanoTime() + AUDIT_NANOS;
    private long retryAt;
    private long rebuildAt;

    /** Whether a transaction may be sent now (no failure's wait pending). */
    boolean mayTransact(long now) {
        return now - retryAt >= 0;
    }

    /** True once when the rebuild a failure asked for is due. */
    boolean takeRebuild(long now) {
        if (rebuildAt != 0 && now - rebuildAt >= 0) {
            rebuildAt = 0;
            return true;
        }
        return false;
    }

    /**
     * Every 30 s, when no transaction went for 2 s: whether our view is to be checked against the NB cache now (the
     * next check then 30 s from now).
     */
    boolean takeAudit(long now) {
        if (now - nextAudit < 0 || now - lastTxnNanos < QUIET_NANOS) {
            return false;
        }
        nextAudit = now + AUDIT_NANOS;
        return true;
    }

    /** A resync rebuilt the view: no wait, no rebuild pending. */
    void resynced() {
        retryAt = 0;
        rebuildAt = 0;
    }

    /** A bug of ours interrupted a step: start over from the NB and RIB state in a second. */
    void unexpectedFailure() {
        retryAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
        rebuildAt = retryAt;
    }

    void committed(long commitNanos) {
        lastTxnNanos = commitNanos;
        backoff.reset();
    }

    void failed(TransactionException e) {
        long now = System.nanoTime();
        switch (e.kind()) {
            case NOT_CONNECTED, NOT_LEADER, CONNECTION_LOST -> {
                // the client reconnects and resyncs; our view is rebuilt then
                LOG.info(
                        "OVN writer: transaction not committed ({}); waiting for the Northbound resync",
                        e.getMessage());
                retryAt = now + TimeUnit.MILLISECONDS.toNanos(500);
            }
            default -> {
                // a guard failed (our view was stale), the server refused, or the outcome is unknown: start over
                // from the NB cache once it has had time to show what did commit
                Duration delay = backoff.next();
                LOG.warn(
                        "OVN writer: transaction failed ({}: {}); resynchronizing from the Northbound cache in "
                                + "{} ms",
                        e.kind(),
                        e.getMessage(),
                        delay.toMillis());
                retryAt = now + delay.toNanos();
                rebuildAt = retryAt;
            }
        }
    }
}
