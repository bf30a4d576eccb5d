package io.ovnbgp.bgp.rib;

import java.time.Duration;

/**
 * The RIB's single thread: tasks and timers, run one at a time in order, each followed by the after-task hook
 * (even when it failed). Tests drive a manual one.
 */
interface RibLoop {

    /** A timer that may be cancelled. */
    interface Timer {
        void cancel();
    }

    void execute(Runnable task);

    Timer schedule(Runnable task, Duration delay);

    void shutdown();

    /**
     * Sets what runs after every task and timer, failed or not: the RIB hands over the task's route changes
     * there, so that the consumer takes them under one lock rather than one per prefix. Set before the first task.
     */
    void afterEachTask(Runnable hook);

    /** The real loop: one daemon thread named "bgp-rib". */
    static RibLoop thread() {
        return new RibThread("bgp-rib");
    }
}
