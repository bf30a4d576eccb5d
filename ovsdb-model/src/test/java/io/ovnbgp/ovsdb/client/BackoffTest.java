package io.ovnbgp.ovsdb.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void doublesFromHalfASecondUpToThirtyAndResets() {
        Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30));
        List<Long> ms = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            ms.add(b.next().toMillis());
        }
        assertThat(ms).containsExactly(500L, 1000L, 2000L, 4000L, 8000L, 16000L, 30000L, 30000L, 30000L);
        b.reset();
        assertThat(b.next()).isEqualTo(Duration.ofMillis(500));
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("0 < min <= max");
    }

    @Test
    void withThreeMembersEachRoundTriesAllAtOneDelayThenDoubles() {
        Backoff b = new Backoff(Duration.ofMillis(500), Duration.ofSeconds(30), 3);
        List<Long> ms = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            ms.add(b.next().toMillis());
        }
        assertThat(ms).containsExactly(500L, 500L, 500L, 1000L, 1000L, 1000L, 2000L, 2000L, 2000L);
        for (int i = 0; i < 30; i++) {
            b.next();
        }
        assertThat(b.next()).isEqualTo(Duration.ofSeconds(30));
        b.reset();
        assertThat(b.next()).isEqualTo(Duration.ofMillis(500));
    }
}
