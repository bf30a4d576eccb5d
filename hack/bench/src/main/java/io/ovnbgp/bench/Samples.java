package io.ovnbgp.bench;

import java.util.Arrays;
import java.util.Locale;

/** Durations in nanoseconds, summarised in milliseconds: percentiles (nearest rank), mean and max, as table rows. */
public final class Samples {
    private Samples() {}

    /** The {@code q} quantile (0..1) of {@code v}, nearest rank, in ms. */
    public static double pct(long[] v, double q) {
        if (v.length == 0) {
            return Double.NaN;
        }
        long[] s = v.clone();
        Arrays.sort(s);
        int i = (int) Math.ceil(q * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))] / 1e6;
    }

    public static double mean(long[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN) / 1e6;
    }

    public static double max(long[] v) {
        return Arrays.stream(v).max().orElse(0) / 1e6;
    }

    /** {@code | what | p50 | p99 | mean | max |} with a line end. */
    public static String row(String what, long[] v) {
        return String.format(
                Locale.ROOT,
                "| %s | %.2f ms | %.2f ms | %.2f ms | %.2f ms |%n",
                what,
                pct(v, 0.5),
                pct(v, 0.99),
                mean(v),
                max(v));
    }

    /** Every second sample from {@code parity} on (0: the announcements/inserts, 1: the withdrawals/removals). */
    public static long[] every(long[] v, int parity) {
        long[] out = new long[(v.length + 1 - parity) / 2];
        for (int i = parity, j = 0; i < v.length; i += 2, j++) {
            out[j] = v[i];
        }
        return out;
    }
}
