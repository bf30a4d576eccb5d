package io.ovnbgp.bgp.rib;

import java.time.Duration;

/** The RIB's single thread: tasks and timers, run one at a time in order. Tests drive a manual one. */
interface RibLoop {

    /** A timer that may be cancelled. */
    interface Timer {
        void cancel();
    }

    void execute(Runnable task);

    Timer schedule(Runnable task, Duration delay);

    void shutdown();

    /** The real loop: one daemon thread named "bgp-rib". */
    static RibLoop thread() {
        return new RibThread("bgp-rib");
    }
}
