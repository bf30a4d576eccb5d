package io.ovnbgp.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/** Faults tried and survived, per kind, and the first wrong reactions word for word. Thread-safe. */
final class Tally {
    private static final int SAMPLES = 30;

    private final Map<String, long[]> byKind = new TreeMap<>();
    private final List<String> wrong = new ArrayList<>();
    private final AtomicLong tried = new AtomicLong();
    private final AtomicLong survived = new AtomicLong();

    synchronized void record(String kind, boolean ok, String detail) {
        long[] c = byKind.computeIfAbsent(kind, k -> new long[2]);
        c[0]++;
        tried.incrementAndGet();
        if (ok) {
            c[1]++;
            survived.incrementAndGet();
        } else if (wrong.size() < SAMPLES) {
            wrong.add(kind + ": " + detail);
            System.err.println("WRONG " + kind + ": " + detail);
        }
    }

    long tried() {
        return tried.get();
    }

    long survived() {
        return survived.get();
    }

    synchronized List<String> wrong() {
        return List.copyOf(wrong);
    }

    /** One Markdown row per kind, tried and survived summed over {@code tallies}. */
    static String table(Tally... tallies) {
        Map<String, long[]> sum = new TreeMap<>();
        for (Tally t : tallies) {
            synchronized (t) {
                t.byKind.forEach((k, c) -> {
                    long[] s = sum.computeIfAbsent(k, x -> new long[2]);
                    s[0] += c[0];
                    s[1] += c[1];
                });
            }
        }
        StringBuilder sb = new StringBuilder("| fault | tried | reaction as required |\n|---|---:|---:|\n");
        sum.forEach((k, c) -> sb.append(String.format(Locale.ROOT, "| %s | %,d | %,d |%n", k, c[0], c[1])));
        return sb.toString();
    }
}
