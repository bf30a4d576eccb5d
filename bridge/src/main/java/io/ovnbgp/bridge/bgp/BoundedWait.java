package io.ovnbgp.bridge.bgp;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Waiting a bounded time for an answer from another owner (the RIB thread, a session stopping): a slow or failed
 * owner makes a view poorer or a step later, never blocks its caller for good nor fails it with an exception.
 */
public final class BoundedWait {
    private BoundedWait() {}

    /**
     * The future's value within {@code timeout}, else what {@code otherwise} makes of the reason (the failure, the
     * {@link TimeoutException}, or the {@link InterruptedException}, whose interrupt is kept on the thread).
     */
    public static <T> T get(
            Future<? extends T> future, Duration timeout, Function<? super Exception, ? extends T> otherwise) {
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return otherwise.apply(e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            return otherwise.apply(e);
        }
    }

    /** As {@link #get(Future, Duration, Function)}, with one fallback value whatever the reason. */
    public static <T> T orElse(Future<? extends T> future, Duration timeout, T fallback) {
        return get(future, timeout, e -> fallback);
    }
}
