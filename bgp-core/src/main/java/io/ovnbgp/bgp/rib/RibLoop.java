package io.ovnbgp.bgp.rib;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

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
        ScheduledThreadPoolExecutor ex = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "bgp-rib");
            t.setDaemon(true);
            return t;
        });
        ex.setRemoveOnCancelPolicy(true);
        ex.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        return new RibLoop() {
            @Override
            public void execute(Runnable task) {
                ex.execute(task);
            }

            @Override
            public Timer schedule(Runnable task, Duration delay) {
                ScheduledFuture<?> f = ex.schedule(task, delay.toNanos(), TimeUnit.NANOSECONDS);
                return () -> f.cancel(false);
            }

            @Override
            public void shutdown() {
                ex.shutdownNow();
                try {
                    ex.awaitTermination(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        };
    }
}
