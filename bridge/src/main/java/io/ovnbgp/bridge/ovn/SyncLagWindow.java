package io.ovnbgp.bridge.ovn;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The route sync lags (UPDATE received → NB transaction committed) of the last {@link #CAPACITY} route changes,
 * for the p50/p99 that {@code status} prints. The Prometheus histogram stays the source for alerting; this is
 * what a person at the console asks ("how far behind is OVN right now?"), so it forgets old samples rather than
 * averaging over the daemon's whole life. Bounded memory; written by the OVN writer, read by the status thread.
 */
public final class SyncLagWindow {
    public static final int CAPACITY = 1024;

    private final double[] samples = new double[CAPACITY];
    private int next;
    private int size;

    public synchronized void add(double seconds) {
        samples[next] = seconds;
        next = (next + 1) % CAPACITY;
        size = Math.min(size + 1, CAPACITY);
    }

    /** {@code samples}, and {@code p50Ms}/{@code p99Ms} (nearest rank, milliseconds) when there is any. */
    public Map<String, Object> view() {
        double[] copy;
        synchronized (this) {
            copy = Arrays.copyOf(samples, size);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("samples", copy.length);
        if (copy.length > 0) {
            Arrays.sort(copy);
            m.put("p50Ms", millis(percentile(copy, 50)));
            m.put("p99Ms", millis(percentile(copy, 99)));
        }
        return m;
    }

    static double percentile(double[] sorted, int p) {
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, rank - 1)];
    }

    private static double millis(double seconds) {
        return Math.round(seconds * 10_000) / 10.0;
    }
}
