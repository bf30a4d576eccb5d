package io.ovnbgp.bridge.ovn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** p50/p99 by nearest rank over the last {@link SyncLagWindow#CAPACITY} samples only. */
class SyncLagWindowTest {
    @Test
    void percentilesAreOverTheLastSamplesOnly() {
        SyncLagWindow w = new SyncLagWindow();
        assertThat(w.view()).containsOnlyKeys("samples").containsEntry("samples", 0);
        for (int i = 1; i <= 100; i++) {
            w.add(i / 1000.0);
        }
        assertThat(w.view())
                .containsEntry("samples", 100)
                .containsEntry("p50Ms", 50.0)
                .containsEntry("p99Ms", 99.0);
        // an old slow spell is forgotten once CAPACITY newer samples came in
        for (int i = 0; i < SyncLagWindow.CAPACITY; i++) {
            w.add(0.002);
        }
        assertThat(w.view()).containsEntry("samples", SyncLagWindow.CAPACITY).containsEntry("p99Ms", 2.0);
    }
}
