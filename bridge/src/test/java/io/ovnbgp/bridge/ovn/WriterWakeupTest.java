package io.ovnbgp.bridge.ovn;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class WriterWakeupTest {
    private final WriterWakeup wakeup = new WriterWakeup();

    @Test
    @Timeout(10)
    void aSignalGivenWhileBusyEndsTheNextWaitAtOnceAndOnlyThat() throws Exception {
        wakeup.signal();
        wakeup.signal();
        long t0 = System.nanoTime();
        wakeup.await(Duration.ofSeconds(30));
        assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(5));
        // consumed: the next wait runs to its end
        t0 = System.nanoTime();
        wakeup.await(Duration.ofMillis(50));
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(50));
    }

    @Test
    @Timeout(10)
    void aSignalFromAnotherThreadWakesAWaitingWriter() throws Exception {
        CompletableFuture<Long> waited = CompletableFuture.supplyAsync(() -> {
            long t0 = System.nanoTime();
            try {
                wakeup.await(Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return System.nanoTime() - t0;
        });
        Thread.sleep(100);
        wakeup.signal();
        assertThat(waited.get(5, TimeUnit.SECONDS)).isLessThan(TimeUnit.SECONDS.toNanos(5));
    }
}
