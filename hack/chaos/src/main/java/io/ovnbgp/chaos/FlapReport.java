package io.ovnbgp.chaos;

import io.ovnbgp.e2e.harness.FrrConfigs;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** What {@link Flaps} measured, and its Markdown summary; the verdict: anything lost or wrong. */
final class FlapReport {
    /** Heap after a full GC may end this much above its baseline: +10 %, and at least 4 MiB of noise (as Fuzz). */
    private static final double HEAP_TOLERANCE = 0.10;

    private final Flaps.Options o;
    private final Instant start = Instant.now();
    private final List<Long> flapMillis = new ArrayList<>();
    private final List<Long> convergeMillis = new ArrayList<>();
    private int checks;
    private int checksConverged;
    private long checkLost;
    private double flapSeconds;
    private double totalSeconds;
    private long peakRssKib;
    private long heapBase = -1;
    private Map<String, Long> histogramBase = Map.of();
    private Convergence.Result end;
    private long heapEnd = -1;
    private List<String> grown = List.of();
    private FrrWatch frr;
    private boolean frrInNb;
    private long samples;
    private long samplesWithDuplicates;
    private long duplicateRowsSeen;
    private long maxDuplicates;
    private long maxOurRows;
    private long sampleErrors;
    private List<String> duplicateExamples = List.of();
    private BridgeProcess.LogVerdict log;

    FlapReport(Flaps.Options o) {
        this.o = o;
    }

    void flapMillis(long ms) {
        flapMillis.add(ms);
    }

    void check(Convergence.Result c) {
        checks++;
        if (c.converged()) {
            checksConverged++;
            convergeMillis.add(c.millis());
        }
        checkLost += c.lost();
    }

    void heapBase(long kib, Map<String, Long> histogram) {
        heapBase = kib;
        histogramBase = histogram;
        System.err.printf("flaps: heap baseline %,d KiB%n", kib);
    }

    /** The final session: its convergence (null: none), the heap after a full GC then (-1: not measured). */
    void end(Convergence.Result c, long heapKib, Map<String, Long> histogram) {
        end = c;
        heapEnd = heapKib;
        if (!histogram.isEmpty() && !histogramBase.isEmpty()) {
            grown = BridgeProcess.growth(histogramBase, histogram, 8);
        }
    }

    void flapSeconds(double s) {
        flapSeconds = s;
    }

    void totalSeconds(double s) {
        totalSeconds = s;
    }

    void peakRssKib(long kib) {
        peakRssKib = kib;
    }

    void frr(FrrWatch watch, boolean routeInNb) {
        frr = watch;
        frrInNb = routeInNb;
    }

    void sampler(NbSampler nb) {
        samples = nb.samples();
        samplesWithDuplicates = nb.samplesWithDuplicates();
        duplicateRowsSeen = nb.duplicateRowsSeen();
        maxDuplicates = nb.maxDuplicates();
        maxOurRows = nb.maxOurRows();
        sampleErrors = nb.errors();
        duplicateExamples = nb.examples();
    }

    void log(BridgeProcess.LogVerdict v) {
        log = v;
    }

    private long allowedHeap() {
        return Math.max((long) (heapBase * (1 + HEAP_TOLERANCE)), heapBase + 4096);
    }

    private boolean heapOk() {
        return heapBase > 0 && heapEnd >= 0 && heapEnd <= allowedHeap();
    }

    /** Rows or paths wrong at the checks and at the end, duplicates seen, FRR's losses. */
    long lost() {
        long endLost = end == null ? 1 : end.lost();
        return checkLost + (checks - checksConverged) + endLost + duplicateRowsSeen + frr.flaps() + (frrInNb ? 0 : 1);
    }

    boolean ok(Tally tally) {
        return tally.tried() == o.flaps()
                && tally.survived() == tally.tried()
                && lost() == 0
                && heapOk()
                && log.errorsWithOurTrace() == 0;
    }

    String markdown(Tally tally) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "Run %s, seed %d: %,d flaps of one peer carrying %,d routes (a quarter each way, in a random order);"
                        + " one flap in %d waited for convergence, the others held the session 0–%d ms; %.0f s of"
                        + " flapping, a flap (up, table, down, reaction checked) %s.%n%n",
                start,
                o.seed(),
                o.flaps(),
                o.routes(),
                o.checkEvery(),
                o.dwellMs(),
                flapSeconds,
                percentiles(flapMillis)));
        out.append(String.format(
                Locale.ROOT,
                "- flaps tried: %,d; survived (the peer let back in, the teardown's reaction as RFC 4271/4724"
                        + " require): %,d; wrong: %,d%n",
                tally.tried(),
                tally.survived(),
                tally.tried() - tally.survived()));
        out.append(String.format(
                Locale.ROOT,
                "- data lost: %,d (convergence checks: %d of %d converged, %,d rows or paths wrong at them; at the"
                        + " end: %s; duplicate rows seen in NB: %,d, in %,d of %,d samples, at most %,d at once; FRR"
                        + " session flaps: %d, FRR's %s in NB: %s)%n",
                lost(),
                checksConverged,
                checks,
                checkLost,
                end == null ? "no final session" : end.toString(),
                duplicateRowsSeen,
                samplesWithDuplicates,
                samples,
                maxDuplicates,
                frr.flaps(),
                FrrConfigs.FRR_V4,
                frrInNb));
        duplicateExamples.forEach(d -> out.append("  - duplicate: `").append(d).append("`\n"));
        heapAndLog(out);
        out.append('\n').append(Tally.table(tally));
        if (!tally.wrong().isEmpty()) {
            out.append("\nFirst wrong reactions:\n\n");
            tally.wrong().forEach(w -> out.append("- ").append(w).append('\n'));
        }
        out.append(String.format(Locale.ROOT, "%nTotal time %.0f s.%n", totalSeconds));
        return out.toString();
    }

    /** The convergence times, the heap, the RSS and the log. */
    private void heapAndLog(StringBuilder out) {
        out.append(String.format(
                Locale.ROOT,
                "- time to converge after a re-establishment (from the table sent to NB = Loc-RIB, at the checks):"
                        + " %s; our rows in NB at most %,d; NB samples that failed: %d%n",
                percentiles(convergeMillis),
                maxOurRows,
                sampleErrors));
        out.append(String.format(
                Locale.ROOT,
                "- heap after full GC: %,d KiB at the check after flap %d, %,d KiB at the end (allowed %,d): %s;"
                        + " peak RSS %,d KiB%n",
                heapBase,
                o.baselineFlap() + 1,
                heapEnd,
                allowedHeap(),
                heapOk() ? "within 10 %" : "GREW (or not measured)",
                peakRssKib));
        if (!grown.isEmpty()) {
            out.append("  - grown most since the baseline: ")
                    .append(String.join(", ", grown))
                    .append('\n');
        }
        out.append(String.format(
                Locale.ROOT,
                "- bridge log: %,d lines, %d ERROR, %d ERROR with a stack trace of ours, %d stack traces of ours at"
                        + " any level%n",
                log.lines(),
                log.errors(),
                log.errorsWithOurTrace(),
                log.ourTraces()));
        log.samples().forEach(s -> out.append("  - `").append(s).append("`\n"));
    }

    /** "median X ms, p90 Y ms, max Z ms" of {@code ms}, or "none". */
    static String percentiles(List<Long> ms) {
        if (ms.isEmpty()) {
            return "none";
        }
        List<Long> s = new ArrayList<>(ms);
        Collections.sort(s);
        return String.format(
                Locale.ROOT,
                "median %,d ms, p90 %,d ms, max %,d ms (%d)",
                s.get(s.size() / 2),
                s.get((int) Math.min(s.size() - 1, Math.round(s.size() * 0.9))),
                s.get(s.size() - 1),
                s.size());
    }
}
