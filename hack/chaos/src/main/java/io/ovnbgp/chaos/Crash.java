package io.ovnbgp.chaos;

import io.ovnbgp.bench.InternetLikeTable;
import io.ovnbgp.chaos.CrashCuts.CutResult;
import io.ovnbgp.chaos.CrashKills.Kill;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * hack/chaos/crash: the bridge killed with SIGKILL at random moments of a bulk sync ({@link CrashKills}), and its
 * Northbound connection cut between a big transaction's request and its reply ({@link CrashCuts}). After each:
 * NB converges to the Loc-RIB, never holds two rows of ours for one key, never loses a row BGP still wanted (a
 * restart must not delete and re-add what the peer still announces), and never touches another writer's rows, all
 * watched through every committed transaction ({@link NbWatch}). Prints Markdown; exits 1 when anything is lost.
 */
public final class Crash {
    private Crash() {}

    public static void main(String[] args) throws Exception {
        int kills = 50;
        int cuts = 50;
        int routes = 10_000;
        long seed = 14;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--kills" -> kills = Integer.parseInt(args[++i]);
                case "--cuts" -> cuts = Integer.parseInt(args[++i]);
                case "--routes" -> routes = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                default ->
                    throw new IllegalArgumentException(
                            "unknown argument " + args[i] + " (known: --kills N --cuts N --routes N --seed N)");
            }
        }
        Random random = new Random(seed);
        List<InternetLikeTable> tables = new ArrayList<>();
        List<List<String>> prefixes = new ArrayList<>();
        List<Set<String>> keys = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            InternetLikeTable table = InternetLikeTable.generate(routes, CrashBed.PEER_AS, CrashBed.NEXT_HOP, 42 + t);
            List<String> p = new ArrayList<>(Flood.admitted(table, table.prefixes()));
            p.sort(null);
            Set<String> k = new HashSet<>();
            p.forEach(x -> k.add(x + " " + CrashBed.NEXT_HOP));
            tables.add(table);
            prefixes.add(p);
            keys.add(k);
        }
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "Run %s, seed %d: one peer announcing %,d routes to the bridge (as a process, the DaemonSet's JVM flags"
                        + " %s and memory limit %d MiB) against a real NB ovsdb-server holding another writer's rows;"
                        + " every NB transaction watched.%n%n",
                Instant.now(),
                seed,
                routes,
                String.join(" ", BridgeProcess.DAEMON_FLAGS),
                BridgeProcess.CONTAINER_LIMIT_MIB));
        Count count = new Count();
        if (kills > 0) {
            kills(new CrashKills(tables.get(0), prefixes.get(0), keys.get(0)), kills, random, out, count);
        }
        if (cuts > 0) {
            cuts(new CrashCuts(tables, keys).run(cuts, random, prefixes.get(0)), out, count);
        }
        out.append(String.format(
                Locale.ROOT,
                "Faults tried: %d (%d kills, %d cuts); faults survived: %d; data lost (duplicates, wanted rows"
                        + " removed, foreign rows touched, no convergence, the bridge dead): %d%n",
                count.tried,
                kills,
                cuts,
                count.survived,
                count.lost));
        System.out.print(out);
        System.out.flush();
        System.exit(count.lost == 0 ? 0 : 1);
    }

    /** Faults tried and survived, data lost. */
    private static final class Count {
        int tried;
        int survived;
        long lost;

        void add(long lostNow) {
            tried++;
            survived += lostNow == 0 ? 1 : 0;
            lost += lostNow;
        }
    }

    private static void kills(CrashKills k, int kills, Random random, StringBuilder out, Count count) throws Exception {
        double window = k.syncWindow();
        System.err.printf(Locale.ROOT, "crash: a whole sync takes %.1f s: the kill window%n", window);
        out.append(String.format(
                Locale.ROOT,
                "### kill -9 during the bulk sync%n%nA whole sync without a kill took %.1f s; each kill comes at a"
                        + " random moment within it, counted from the session's start.%n%n",
                window));
        out.append("| # | peer GR | kill at (ms) | our rows at the kill | s from restart to NB = Loc-RIB"
                + " | duplicates | wanted rows removed | foreign rows touched | lost |\n"
                + "|---:|---|---:|---:|---:|---:|---:|---:|---:|\n");
        List<Double> converge = new ArrayList<>();
        for (int i = 1; i <= kills; i++) {
            Kill r = k.run(i, random, window);
            System.err.println("crash: " + r);
            out.append(CrashKills.row(r)).append('\n');
            count.add(r.lost());
            if (r.secondsToConverge() >= 0) {
                converge.add(r.secondsToConverge());
            }
        }
        out.append('\n').append(summary("restart", converge)).append("\n\n");
    }

    private static void cuts(List<CutResult> results, StringBuilder out, Count count) {
        out.append("### The NB connection cut between a transaction's request and its reply\n\n");
        out.append("| # | cut | delivered after | inserts in the cut transaction | the late request's answer"
                + " | the bridge's transactions refused as duplicate uuid | s from the cut to NB = Loc-RIB"
                + " | duplicates | lost |\n"
                + "|---:|---|---:|---:|---|---:|---:|---:|---:|\n");
        List<Double> afterCut = new ArrayList<>();
        for (CutResult c : results) {
            System.err.println("crash: " + c);
            out.append(CrashCuts.row(c)).append('\n');
            count.add(c.lost());
            if (c.secondsToConverge() >= 0) {
                afterCut.add(c.secondsToConverge());
            }
        }
        long noCut = results.stream().filter(c -> c.inserts() == 0).count();
        out.append('\n').append(summary("cut", afterCut));
        out.append(String.format(Locale.ROOT, " Iterations without a transaction to cut: %d.%n%n", noCut));
    }

    private static String summary(String after, List<Double> seconds) {
        if (seconds.isEmpty()) {
            return "No convergence to time.";
        }
        List<Double> s = new ArrayList<>(seconds);
        s.sort(null);
        return String.format(
                Locale.ROOT,
                "Time from the %s to NB = Loc-RIB: median %.1f s, max %.1f s (%d iterations).",
                after,
                s.get(s.size() / 2),
                s.get(s.size() - 1),
                s.size());
    }
}
