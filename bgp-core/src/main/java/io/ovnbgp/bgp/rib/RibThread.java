package io.ovnbgp.bgp.rib;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real {@link RibLoop}: one thread, a FIFO of tasks that it takes in batches, and its own timer heap that it
 * looks at between batches. A plain queue rather than a scheduled executor, whose delay heap every task would
 * go through: at a full table's rate (a task per UPDATE) that heap was a tenth of the RIB thread's time.
 */
final class RibThread implements RibLoop {
    private static final Logger LOG = LoggerFactory.getLogger(RibThread.class);
    private static final Runnable STOP = () -> {};

    private final LinkedBlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    /** Touched by the RIB thread only (timers set from elsewhere are posted to it). */
    private final PriorityQueue<TimerTask> timers = new PriorityQueue<>();

    private final Thread thread;
    private volatile boolean stopped;
    private volatile Runnable afterEachTask = () -> {};
    private long seq;

    private final class TimerTask implements Timer, Comparable<TimerTask> {
        final long at;
        final Runnable task;
        long order;
        volatile boolean cancelled;

        TimerTask(long at, Runnable task) {
            this.at = at;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
            // out of the heap now rather than when due (restart timers run for minutes, holding their peer)
            if (Thread.currentThread() == thread) {
                timers.remove(this);
            } else if (!stopped) {
                try {
                    execute(() -> timers.remove(this));
                } catch (RejectedExecutionException e) {
                    // stopped meanwhile: nothing runs any more
                }
            }
        }

        @Override
        public int compareTo(TimerTask o) {
            int c = Long.compare(at - o.at, 0);
            return c != 0 ? c : Long.compare(order, o.order);
        }
    }

    RibThread(String name) {
        thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void execute(Runnable task) {
        if (stopped) {
            throw new RejectedExecutionException("RIB loop stopped");
        }
        tasks.add(task);
    }

    @Override
    public Timer schedule(Runnable task, Duration delay) {
        TimerTask t = new TimerTask(System.nanoTime() + delay.toNanos(), task);
        if (Thread.currentThread() == thread) {
            add(t);
        } else {
            execute(() -> add(t));
        }
        return t;
    }

    private void add(TimerTask t) {
        if (!t.cancelled) {
            t.order = seq++;
            timers.add(t);
        }
    }

    @Override
    public void afterEachTask(Runnable hook) {
        afterEachTask = hook;
    }

    @Override
    public void shutdown() {
        stopped = true;
        tasks.add(STOP);
        if (Thread.currentThread() != thread) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        List<Runnable> batch = new ArrayList<>();
        while (!stopped) {
            try {
                TimerTask next = timers.peek();
                Runnable first = next == null
                        ? tasks.take()
                        : tasks.poll(Math.max(0, next.at - System.nanoTime()), TimeUnit.NANOSECONDS);
                if (first != null) {
                    batch.add(first);
                    tasks.drainTo(batch, 4096);
                    for (Runnable r : batch) {
                        if (r == STOP) {
                            return;
                        }
                        runOne(r);
                    }
                    batch.clear();
                }
                long now = System.nanoTime();
                while ((next = timers.peek()) != null && next.at - now <= 0) {
                    timers.poll();
                    if (!next.cancelled) {
                        runOne(next.task);
                    }
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** The one wrapper of every task and timer. */
    private void runOne(Runnable r) {
        try {
            try {
                r.run();
            } finally {
                afterEachTask.run();
            }
        } catch (RuntimeException | Error e) {
            // a bug of ours must not stop the RIB thread: log it and go on with the next task
            LOG.error("RIB task failed", e);
        }
    }
}
