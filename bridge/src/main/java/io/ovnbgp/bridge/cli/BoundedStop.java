package io.ovnbgp.bridge.cli;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.IntConsumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What SIGTERM runs: the daemon's stop, within {@link #BOUND}. kubelet sends SIGKILL when the Pod's
 * {@code terminationGracePeriodSeconds} is over, and a KILL in the middle of the stop would cut it at a random
 * point (a Cease half sent); so the stop has its own, shorter bound, and what is not closed by then is abandoned:
 * the process halts with {@link #EXIT_STOP_TIMED_OUT}. Nothing is lost by that: the OVN rows stay for the next
 * start to adopt, and a peer whose session was not closed in time sees the TCP connection end, as after a crash.
 */
final class BoundedStop implements Runnable {
    /** The whole stop; docs/lifecycle.md derives {@code terminationGracePeriodSeconds} from it. */
    static final Duration BOUND = Duration.ofSeconds(10);
    /** Exit status when the stop did not finish within its bound. */
    static final int EXIT_STOP_TIMED_OUT = 1;

    private static final Logger LOG = LoggerFactory.getLogger(BoundedStop.class);

    private final AutoCloseable daemon;
    private final Duration bound;
    private final Runnable stopped;
    private final IntConsumer halt;

    /**
     * @param stopped run once the daemon closed within the bound
     * @param halt    ends the process with a status when it did not ({@code Runtime.halt} in the daemon: inside a
     *                shutdown hook, {@code System.exit} would wait for this very hook)
     */
    BoundedStop(AutoCloseable daemon, Duration bound, Runnable stopped, IntConsumer halt) {
        this.daemon = daemon;
        this.bound = bound;
        this.stopped = stopped;
        this.halt = halt;
    }

    /** The hook the daemon installs: {@link #BOUND}, halting the JVM when it is exceeded. */
    static Thread shutdownHook(AutoCloseable daemon, Runnable stopped) {
        return new Thread(new BoundedStop(daemon, BOUND, stopped, Runtime.getRuntime()::halt), "shutdown");
    }

    @Override
    public void run() {
        long start = System.nanoTime();
        LOG.info(
                "stopping (SIGTERM), within {} s: graceful-restart peers keep our routes, the others are sent"
                        + " Cease / Administrative Shutdown; the OVN rows stay for the next start",
                bound.toSeconds());
        Thread worker = new Thread(
                () -> {
                    try {
                        daemon.close();
                    } catch (Exception e) {
                        LOG.warn("stopping: {}", e.toString());
                    }
                },
                "stop");
        worker.setDaemon(true);
        worker.start();
        try {
            worker.join(bound.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long ms = (System.nanoTime() - start) / 1_000_000;
        if (worker.isAlive()) {
            LOG.error(
                    "stop not finished within {} s (still in {}): abandoning the rest and exiting with status {}",
                    bound.toSeconds(),
                    where(worker),
                    EXIT_STOP_TIMED_OUT);
            halt.accept(EXIT_STOP_TIMED_OUT);
            return;
        }
        LOG.info("stopped in {} ms", ms);
        stopped.run();
    }

    /** The innermost frames of ours the stop is stuck in: what an administrator can quote in a bug report. */
    private static String where(Thread t) {
        String ours = Arrays.stream(t.getStackTrace())
                .filter(f -> f.getClassName().startsWith("io.ovnbgp."))
                .limit(3)
                .map(f -> f.getClassName().substring(f.getClassName().lastIndexOf('.') + 1) + "." + f.getMethodName())
                .collect(Collectors.joining(" < "));
        return ours.isEmpty() ? "a library call" : ours;
    }
}
