package io.ovnbgp.bgp.fsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void doublesFromTheMinimumUpToTheMaximumAndStartsOverAfterAReset() {
        Backoff b = new Backoff(Duration.ofSeconds(5), Duration.ofSeconds(30));
        assertThat(b.failures()).isZero();
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(5));
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(10));
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(20));
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(30));
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(30));
        assertThat(b.failures()).isEqualTo(5);
        b.reset();
        assertThat(b.failures()).isZero();
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aZeroMinimumNeverWaits() {
        Backoff b = new Backoff(Duration.ZERO, Duration.ofSeconds(1));
        assertThat(b.next()).isZero();
        assertThat(b.next()).isZero();
    }

    @Test
    void refusesAMaximumBelowTheMinimum() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
