package io.ovnbgp.bgp.rib;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A RIB loop the test drives: tasks run on {@link #runAll()}, timers on {@link #advance} (virtual time). A task
 * that throws fails the test (after the after-task hook ran), where the real loop would log it and go on.
 */
final class ManualLoop implements RibLoop {
    private final ArrayDeque<Runnable> tasks = new ArrayDeque<>();
    private final List<T> timers = new ArrayList<>();
    private Runnable afterEachTask = () -> {};
    private long nowNanos;
    private long seq;

    private final class T implements Timer {
        final long at;
        final long order;
        final Runnable task;
        boolean cancelled;

        T(long at, Runnable task) {
            this.at = at;
            this.order = seq++;
            this.task = task;
        }

        @Override
        public void cancel() {
            cancelled = true;
            timers.remove(this);
        }
    }

    @Override
    public void execute(Runnable task) {
        tasks.add(task);
    }

    @Override
    public Timer schedule(Runnable task, Duration delay) {
        T t = new T(nowNanos + delay.toNanos(), task);
        timers.add(t);
        return t;
    }

    @Override
    public void afterEachTask(Runnable hook) {
        afterEachTask = hook;
    }

    @Override
    public void shutdown() {
        tasks.clear();
        timers.clear();
    }

    /** Runs queued tasks (and those they queue) until none is left. */
    void runAll() {
        Runnable r;
        while ((r = tasks.poll()) != null) {
            runOne(r);
        }
    }

    /** Moves virtual time forward, running each timer that falls due (and the tasks), in time order. */
    void advance(Duration d) {
        runAll();
        long end = nowNanos + d.toNanos();
        while (true) {
            T next = timers.stream()
                    .filter(t -> t.at <= end)
                    .min(Comparator.comparingLong((T t) -> t.at).thenComparingLong(t -> t.order))
                    .orElse(null);
            if (next == null) {
                break;
            }
            timers.remove(next);
            nowNanos = Math.max(nowNanos, next.at);
            runOne(next.task);
            runAll();
        }
        nowNanos = end;
    }

    private void runOne(Runnable r) {
        try {
            r.run();
        } finally {
            afterEachTask.run();
        }
    }

    int pendingTimers() {
        return timers.size();
    }
}
