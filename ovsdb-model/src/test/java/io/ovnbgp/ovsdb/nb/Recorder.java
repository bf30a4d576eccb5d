package io.ovnbgp.ovsdb.nb;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** Remembers what a {@link NorthboundClient} told its listener, and on which thread. */
final class Recorder implements NorthboundListener {
    private final List<NbSnapshot> resyncs = new ArrayList<>();
    private final List<RowChange> changes = new ArrayList<>();
    private final List<String> disconnects = new ArrayList<>();
    private final List<String> threads = new ArrayList<>();

    @Override
    public synchronized void resynced(NbSnapshot snapshot) {
        resyncs.add(snapshot);
        threads.add(Thread.currentThread().getName());
    }

    @Override
    public synchronized void changed(List<RowChange> c, NbSnapshot after) {
        changes.addAll(c);
        threads.add(Thread.currentThread().getName());
    }

    @Override
    public synchronized void disconnected(String reason) {
        disconnects.add(reason);
        threads.add(Thread.currentThread().getName());
    }

    synchronized List<NbSnapshot> resyncs() {
        return List.copyOf(resyncs);
    }

    synchronized List<RowChange> changes() {
        return List.copyOf(changes);
    }

    synchronized List<String> disconnects() {
        return List.copyOf(disconnects);
    }

    synchronized List<String> threads() {
        return List.copyOf(threads);
    }

    synchronized boolean sawChange(Predicate<RowChange> p) {
        return changes.stream().anyMatch(p);
    }
}
