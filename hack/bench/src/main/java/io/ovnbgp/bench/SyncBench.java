package io.ovnbgp.bench;

import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.ovsdb.nb.MonitorMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * hack/bench/sync: the OVN writer's sync lag next to the OVSDB floor, what the attached bridge costs other
 * clients, its reconnect to a RAFT Northbound per monitor mode, and ovn-northd's cost of one change; in one JVM and
 * one run. Prints Markdown ({@link SyncReport}); the parts are {@link SizeRun} (per router size: {@link
 * SingleChanges}, {@link RawRoundTrips}, {@link NorthdCost}) and {@link Reconnect}.
 */
public final class SyncBench {
    /** The command line; every part can be made smaller (or, with 0, skipped) for a quick run. */
    record Args(
            List<Integer> sizes,
            int changes,
            int northdChanges,
            MonitorMode mode,
            int reconnectRoutes,
            int reconnectMembers,
            List<MonitorMode> reconnectModes) {
        static Args parse(String[] a) {
            List<Integer> sizes = List.of(1_000, 10_000, 50_000);
            int changes = 1_000;
            int northdChanges = 20;
            MonitorMode mode = MonitorMode.AUTO;
            int reconnectRoutes = 10_000;
            int members = 3;
            List<MonitorMode> modes = List.of(MonitorMode.MONITOR_COND_SINCE, MonitorMode.MONITOR_COND);
            for (int i = 0; i < a.length; i++) {
                switch (a[i]) {
                    case "--sizes" ->
                        sizes = Arrays.stream(a[++i].split(","))
                                .map(Integer::valueOf)
                                .toList();
                    case "--changes" -> changes = Integer.parseInt(a[++i]);
                    case "--northd-changes" -> northdChanges = Integer.parseInt(a[++i]);
                    case "--monitor-mode" -> mode = MonitorMode.parse(a[++i]);
                    case "--reconnect-routes" -> reconnectRoutes = Integer.parseInt(a[++i]);
                    case "--reconnect-members" -> members = Integer.parseInt(a[++i]);
                    case "--reconnect-modes" ->
                        modes = Arrays.stream(a[++i].split(","))
                                .map(MonitorMode::parse)
                                .toList();
                    default -> throw new IllegalArgumentException("unknown argument " + a[i]);
                }
            }
            return new Args(sizes, changes, northdChanges, mode, reconnectRoutes, members, modes);
        }
    }

    private SyncBench() {}

    public static void main(String[] argv) throws Exception {
        Args args = Args.parse(argv);
        try (Daemons daemons = Daemons.create()) {
            // a part that fails is noted and the others still run, so that one timeout costs no whole run
            List<String> failures = new ArrayList<>();
            List<SizeRun.Result> sizes = new ArrayList<>();
            for (int routes : args.sizes()) {
                try {
                    sizes.add(SizeRun.measure(daemons, routes, args.changes(), args.northdChanges(), args.mode()));
                } catch (Exception e) {
                    failures.add(String.format(Locale.ROOT, "%,d routes: %s", routes, e));
                }
            }
            List<Reconnect.ModeResult> reconnects = new ArrayList<>();
            for (MonitorMode m : args.reconnectRoutes() > 0 ? args.reconnectModes() : List.<MonitorMode>of()) {
                try {
                    reconnects.add(Reconnect.measure(daemons, args.reconnectMembers(), m, args.reconnectRoutes()));
                } catch (Exception e) {
                    failures.add("reconnect with " + m.text() + ": " + e);
                }
                SizeRun.log("reconnect with %s done", m.text());
            }
            System.out.println(new SyncReport(args, sizes, reconnects, failures).markdown());
        }
        System.out.flush();
        // the client and speaker event loops are not daemon threads
        System.exit(0);
    }
}
