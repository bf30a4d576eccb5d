package io.ovnbgp.bridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BoundedStopTest {

    @Test
    void aStopWithinTheBoundEndsNormally() {
        AtomicBoolean stopped = new AtomicBoolean();
        AtomicInteger halted = new AtomicInteger(-1);
        new BoundedStop(() -> Thread.sleep(50), Duration.ofSeconds(5), () -> stopped.set(true), halted::set).run();
        assertThat(stopped).isTrue();
        assertThat(halted).hasValue(-1);
    }

    @Test
    void aStopThatHangsIsAbandonedAtTheBoundAndTheProcessHalts() throws Exception {
        CountDownLatch never = new CountDownLatch(1);
        AtomicBoolean stopped = new AtomicBoolean();
        AtomicInteger halted = new AtomicInteger(-1);
        long start = System.nanoTime();
        new BoundedStop(never::await, Duration.ofMillis(300), () -> stopped.set(true), halted::set).run();
        long ms = (System.nanoTime() - start) / 1_000_000;

        assertThat(halted).hasValue(BoundedStop.EXIT_STOP_TIMED_OUT);
        assertThat(stopped).isFalse();
        assertThat(ms).as("returned at the bound, not when the close ended").isBetween(300L, 3_000L);
        never.countDown();
    }

    @Test
    void aFailingCloseStillEndsTheStop() {
        AtomicBoolean stopped = new AtomicBoolean();
        new BoundedStop(
                        () -> {
                            throw new IllegalStateException("NB gone");
                        },
                        Duration.ofSeconds(5),
                        () -> stopped.set(true),
                        s -> {})
                .run();
        assertThat(stopped).isTrue();
    }
}
