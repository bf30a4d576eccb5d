package io.ovnbgp.bench;

import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.e2e.harness.OvnDatabases;
import io.ovnbgp.ovsdb.client.Mutation;
import io.ovnbgp.ovsdb.client.Op;
import io.ovnbgp.ovsdb.client.OvsdbRemote;
import io.ovnbgp.ovsdb.client.OvsdbSession;
import io.ovnbgp.ovsdb.client.Row;
import io.ovnbgp.ovsdb.client.TxResult;
import io.ovnbgp.ovsdb.client.Uuid;
import io.ovnbgp.ovsdb.nb.NorthboundClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ovn-northd's cost of one route change, which we do not control but should know: real ovn-northd (and SB) started
 * on the NB as it is, then {@code n} raw single-row changes (the writer's operations, plus {@code nb_cfg += 1} so
 * that northd's {@code sb_cfg} says when it has written SB), each waited for. Reported from northd's own
 * stopwatches (reset before each change) and {@code inc-engine/show-stats} (did the changes recompute or compute),
 * and from outside: the change's commit to {@code NB_Global.sb_cfg} catching up.
 */
final class NorthdCost {
    /** Northd 23.03's stopwatches on the path of an NB change, loop first. */
    static final List<String> STOPWATCHES = List.of("ovn-northd-loop", "ovnnb_db_run", "build_lflows", "lflows_to_sb");

    private static final Duration WAIT = Duration.ofSeconds(300);
    private static final Pattern STAT = Pattern.compile("(Total samples|Maximum):\\s*([0-9.]+)");
    private static final Pattern NODE =
            Pattern.compile("Node: (\\S+)\\s*- recompute:\\s*(\\d+)\\s*- compute:\\s*(\\d+)");

    /**
     * The commit → sb_cfg times (ns); per stopwatch, each change's largest sample (ns; the stopwatches count whole
     * ms) and the samples taken over all changes; and recompute/compute counts by engine node.
     */
    record Result(
            long[] commitToSb,
            double initialSeconds,
            Map<String, long[]> largestPerChange,
            Map<String, Long> samples,
            Map<String, long[]> engine) {}

    private NorthdCost() {}

    static Result measure(OvnDatabases ovn, RawRouteOps ops, int n) throws Exception {
        long t0 = System.nanoTime();
        ovn.startSouthboundAndNorthd();
        try (OvsdbSession nb = OvsdbSession.open(OvsdbRemote.parse(ovn.nbRemote()), WAIT)) {
            awaitSb(nb, bump(nb, List.of()));
            double initial = (System.nanoTime() - t0) / 1e9;
            ovn.northdCtl("inc-engine/clear-stats");
            List<Prefix> prefixes = SyncBridge.prefixes(172, 64, (n + 1) / 2);
            long[] commitToSb = new long[n];
            Map<String, long[]> largest = new LinkedHashMap<>();
            Map<String, Long> samples = new LinkedHashMap<>();
            STOPWATCHES.forEach(w -> largest.put(w, new long[n]));
            Uuid last = null;
            for (int i = 0; i < n; i++) {
                // reset before each change, so that a stopwatch's maximum afterwards is this change's own sample
                ovn.northdCtl("stopwatch/reset");
                List<Op> change = i % 2 == 0 ? ops.insert(prefixes.get(i / 2).toString()) : ops.remove(last);
                TxResult r = nb.transact(NorthboundClient.DATABASE, withBump(change), WAIT);
                long committed = System.nanoTime();
                awaitSb(nb, nbCfg(r));
                commitToSb[i] = System.nanoTime() - committed;
                last = i % 2 == 0 ? r.uuidOf("r0") : null;
                Thread.sleep(100); // the stopwatch thread takes its samples asynchronously
                for (String w : STOPWATCHES) {
                    Map<String, Double> st = parse(ovn.northdCtl("stopwatch/show", w));
                    largest.get(w)[i] = (long) (st.getOrDefault("Maximum", 0.0) * 1e6);
                    samples.merge(w, st.getOrDefault("Total samples", 0.0).longValue(), Long::sum);
                }
            }
            return new Result(commitToSb, initial, largest, samples, engine(ovn.northdCtl("inc-engine/show-stats")));
        }
    }

    /** {@code ops}, then {@code nb_cfg += 1} and a read of the new value, in one transaction. */
    private static List<Op> withBump(List<Op> ops) {
        List<Op> out = new ArrayList<>(ops);
        out.add(Op.mutate("NB_Global", List.of(), new Mutation("nb_cfg", Mutation.Mutator.ADD, 1L)));
        out.add(Op.select("NB_Global", List.of(), "nb_cfg"));
        return out;
    }

    private static long bump(OvsdbSession nb, List<Op> ops) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            TxResult r = nb.transact(NorthboundClient.DATABASE, withBump(ops), WAIT);
            if (!r.get(r.results().size() - 1).rows().isEmpty()) {
                return nbCfg(r);
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("ovn-northd created no NB_Global row within " + WAIT);
            }
            Thread.sleep(100); // northd has not created NB_Global yet
        }
    }

    private static long nbCfg(TxResult r) {
        List<Row> rows = r.get(r.results().size() - 1).rows();
        return rows.get(0).longValue("nb_cfg");
    }

    private static void awaitSb(OvsdbSession nb, long nbCfg) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<Op> read = List.of(Op.select("NB_Global", List.of(), "sb_cfg"));
        while (nb.transact(NorthboundClient.DATABASE, read, WAIT)
                        .get(0)
                        .rows()
                        .get(0)
                        .longValue("sb_cfg")
                < nbCfg) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("ovn-northd did not reach nb_cfg " + nbCfg + " within " + WAIT);
            }
            Thread.sleep(1);
        }
    }

    private static Map<String, Double> parse(String show) {
        Map<String, Double> out = new LinkedHashMap<>();
        Matcher m = STAT.matcher(show);
        while (m.find()) {
            out.put(m.group(1), Double.parseDouble(m.group(2)));
        }
        return out;
    }

    /** {@code inc-engine/show-stats}: node → {recompute, compute}. */
    private static Map<String, long[]> engine(String stats) {
        Map<String, long[]> out = new LinkedHashMap<>();
        Matcher m = NODE.matcher(stats);
        while (m.find()) {
            out.put(m.group(1), new long[] {Long.parseLong(m.group(2)), Long.parseLong(m.group(3))});
        }
        return out;
    }
}
