package io.ovnbgp.bench;

import io.ovnbgp.ovsdb.nb.MonitorMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** The sync benchmark's results as Markdown: single changes per size, targets, reconnects, ovn-northd's cost. */
final class SyncReport {
    /** A resume that kept the history should move far less than a full dump; a tenth of one is the line drawn. */
    static final double NO_FULL_DUMP = 0.1;

    private final SyncBench.Args args;
    private final List<SizeRun.Result> sizes;
    private final List<Reconnect.ModeResult> reconnects;
    private final List<String> failures;
    private final StringBuilder sb = new StringBuilder();

    SyncReport(
            SyncBench.Args args,
            List<SizeRun.Result> sizes,
            List<Reconnect.ModeResult> reconnects,
            List<String> failures) {
        this.args = args;
        this.sizes = sizes;
        this.reconnects = reconnects;
        this.failures = failures;
    }

    String markdown() {
        sb.append("Run ").append(Instant.now()).append(" on ").append(IngestBench.machine());
        sb.append(", ").append(firstLine("ovsdb-server", "--version"));
        sb.append(", ").append(firstLine("ovn-northd", "--version")).append("\n\n");
        f(
                "The bridge's monitor mode as asked for: `%s`. %,d single changes per size; "
                        + "ovn-northd: %,d changes.%n%n",
                args.mode().text(), args.changes(), args.northdChanges());
        singleChanges();
        targets();
        if (!reconnects.isEmpty()) {
            reconnect();
        }
        if (sizes.stream().anyMatch(s -> s.northd() != null)) {
            northd();
        }
        for (String failure : failures) {
            sb.append("\nFailed: ").append(failure).append('\n');
        }
        return sb.toString().stripTrailing();
    }

    private void singleChanges() {
        sb.append("| routes | single-row change | p50 | p99 | mean | max |\n|---:|---|---:|---:|---:|---:|\n");
        for (SizeRun.Result s : sizes) {
            String n = String.format(Locale.ROOT, "| %,d ", s.routes());
            sb.append(n).append(Samples.row("floor: raw transaction, no bridge attached", s.floor()));
            sb.append(n).append(Samples.row("another client's raw transaction, bridge attached", s.others()));
            sb.append(n).append(Samples.row("sync lag: UPDATE handed to the RIB → NB commit", s.lag()));
            sb.append(n).append(Samples.row("… announcements only", Samples.every(s.lag(), 0)));
            sb.append(n).append(Samples.row("… withdrawals only", Samples.every(s.lag(), 1)));
        }
        sb.append('\n');
        for (SizeRun.Result s : sizes) {
            f("Preload of %,d routes through BGP: %.2f s. ", s.routes(), s.preloadSeconds());
        }
        sb.append("\n\n");
    }

    private void targets() {
        sb.append(
                "| target (issue 13: at 10,000 routes) | routes | limit | result | met? |\n|---|---:|---:|---:|---|\n");
        for (SizeRun.Result s : sizes) {
            double floor = Samples.pct(s.floor(), 0.99);
            target("sync lag p99 ≤ 2 × floor p99 + 5 ms", s.routes(), 2 * floor + 5, Samples.pct(s.lag(), 0.99));
            target(
                    "other clients' p99 with the bridge ≤ 1.5 × floor p99 + 1 ms",
                    s.routes(),
                    1.5 * floor + 1,
                    Samples.pct(s.others(), 0.99));
        }
        for (Reconnect.ModeResult m : reconnects) {
            for (Reconnect.Resume r : m.resumes()) {
                // the target is monitor_cond_since's; monitor_cond has nothing to resume from (its rows below show
                // the full dump it costs instead)
                if (r.historyKept() && r.failure() == null && m.mode() == MonitorMode.MONITOR_COND_SINCE) {
                    double limit = NO_FULL_DUMP * m.fullDumpBytes();
                    f(
                            "| reconnect with history (%s, `%s`): no full dump (< %.0f%% of one) "
                                    + "| %,d | %,.0f B | %,d B | %s |%n",
                            r.what(),
                            m.mode().text(),
                            NO_FULL_DUMP * 100,
                            args.reconnectRoutes(),
                            limit,
                            r.bytes(),
                            r.bytes() < limit ? "yes" : "no");
                }
            }
        }
        sb.append('\n');
    }

    private void target(String what, int routes, double limit, double result) {
        f("| %s | %,d | %.2f ms | %.2f ms | %s |%n", what, routes, limit, result, result <= limit ? "yes" : "no");
    }

    private void reconnect() {
        f(
                "Reconnect, %,d routes on the router, %d-member RAFT NB behind byte-counting relays:%n%n",
                args.reconnectRoutes(), args.reconnectMembers());
        sb.append("| mode asked (on the wire) | case | event → synced | new connection → synced | `resynced` told "
                + "| bytes to the bridge until synced | … until 1 s quiet | bytes from the bridge | link drops |\n"
                + "|---|---|---:|---:|---|---:|---:|---:|---:|\n");
        for (Reconnect.ModeResult m : reconnects) {
            String mode = String.format(Locale.ROOT, "`%s` (%s)", m.mode().text(), String.join(", ", m.onTheWire()));
            f(
                    "| %s | a fresh client's first sync (the full dump) | %.1f ms | | | %,d B | | | |%n",
                    mode, m.fullDumpMs(), m.fullDumpBytes());
            for (Reconnect.Resume r : m.resumes()) {
                if (r.failure() != null) {
                    f("| %s | %s | failed: %s | | | | | | |%n", mode, r.what(), r.failure());
                    continue;
                }
                f(
                        "| %s | %s | %.1f ms | %.1f ms | %s | %,d B | %,d B | %,d B | %d |%n",
                        mode,
                        r.what(),
                        r.toSyncedMs(),
                        r.connectToSyncedMs(),
                        r.resyncedCalled() ? "yes" : "no",
                        r.bytes(),
                        r.bytesSettled(),
                        r.bytesSent(),
                        r.disconnects());
            }
        }
        sb.append('\n');
    }

    private void northd() {
        sb.append("| routes | ovn-northd up → initial SB written | commit → `sb_cfg` p50 / p99 ");
        for (String w : NorthdCost.STOPWATCHES) {
            sb.append("| `").append(w).append("` p50 / max (samples) ");
        }
        sb.append("| engine recomputes / computes |\n|---:|---:|---:");
        sb.append("|---:".repeat(NorthdCost.STOPWATCHES.size())).append("|---|\n");
        for (SizeRun.Result s : sizes) {
            NorthdCost.Result n = s.northd();
            if (n == null) {
                continue;
            }
            f(
                    "| %,d | %.1f s | %.2f / %.2f ms ",
                    s.routes(),
                    n.initialSeconds(),
                    Samples.pct(n.commitToSb(), 0.5),
                    Samples.pct(n.commitToSb(), 0.99));
            for (String w : NorthdCost.STOPWATCHES) {
                long[] v = n.largestPerChange().get(w);
                f(
                        "| %.0f / %.0f ms (%d) ",
                        Samples.pct(v, 0.5), Samples.max(v), n.samples().get(w));
            }
            StringBuilder e = new StringBuilder();
            n.engine().forEach((node, rc) -> {
                if (node.equals("northd") || node.equals("lflow")) {
                    e.append(String.format(Locale.ROOT, "%s %d / %d; ", node, rc[0], rc[1]));
                }
            });
            sb.append("| ").append(e.toString().replaceAll("; $", "")).append(" |\n");
        }
    }

    private void f(String format, Object... a) {
        sb.append(String.format(Locale.ROOT, format, a));
    }

    private static String firstLine(String... argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            return out.lines().findFirst().orElse(argv[0] + " ?").trim();
        } catch (IOException e) {
            return argv[0] + " ?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return argv[0] + " ?";
        }
    }
}
