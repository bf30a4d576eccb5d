package io.ovnbgp.chaos;

import io.ovnbgp.bench.InternetLikeTable;
import io.ovnbgp.chaos.TransactCutter.Cut;
import io.ovnbgp.chaos.TransactCutter.Mode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The failure-injection part of hack/chaos/crash: one bridge whose Northbound connection goes through a
 * {@link TransactCutter}; per iteration the peer replaces its whole table with another one (a withdrawal of each
 * route and an announcement of each new one: transactions of hundreds or thousands of inserts and deletes) and the
 * cutter cuts the connection at the first transaction with more than 64 inserts, between the request and the
 * reply: {@link Mode#CUT} (it commits, the reply is lost) and {@link Mode#LATE} (it is delivered only after the
 * bridge may have reconnected and written the same rows itself) in turn.
 */
final class CrashCuts {
    private static final Duration CONVERGE = Duration.ofMinutes(3);
    private static final Duration FIRE = Duration.ofSeconds(60);

    /** One cut's outcome. */
    record CutResult(
            int iteration,
            Mode mode,
            long lateDelayMs,
            int inserts,
            String lateAnswer,
            long refusedAsDuplicate,
            double secondsToConverge,
            long duplicates,
            long lost,
            String note) {}

    private final List<InternetLikeTable> tables;
    private final List<Set<String>> keys;

    /** {@code tables}: the tables the peer goes through in turn, with the NB keys each wants. */
    CrashCuts(List<InternetLikeTable> tables, List<Set<String>> keys) {
        this.tables = tables;
        this.keys = keys;
    }

    List<CutResult> run(int cuts, Random random, List<String> firstPrefixes) throws Exception {
        List<CutResult> out = new ArrayList<>();
        try (CrashBed bed = CrashBed.create(firstPrefixes);
                TransactCutter cutter = TransactCutter.start(bed.ovn.nbTcpPort())) {
            int n = keys.get(0).size();
            BridgeProcess bridge = BridgeProcess.start(bed.daemons, bed.config(cutter.remote(), n), bed.httpPort);
            try (PeerFeed feed = new PeerFeed(
                    CrashBed.PEER,
                    bed.bridgeAddress(),
                    CrashBed.PEER_AS,
                    0x0A000501,
                    true,
                    tables.get(0).updates())) {
                bed.watch.want(keys.get(0));
                feed.start();
                CrashKills.awaitSession(feed, 1);
                if (bed.awaitConverged(bridge, keys.get(0), CONVERGE) < 0) {
                    throw new IllegalStateException("the first sync did not converge within " + CONVERGE);
                }
                for (int i = 1; i <= cuts; i++) {
                    out.add(once(i, random, bed, cutter, bridge, feed));
                }
            } finally {
                bridge.close();
            }
        }
        return out;
    }

    private CutResult once(
            int i, Random random, CrashBed bed, TransactCutter cutter, BridgeProcess bridge, PeerFeed feed)
            throws Exception {
        InternetLikeTable next = tables.get(i % tables.size());
        Set<String> want = keys.get(i % tables.size());
        Mode mode = i % 2 == 1 ? Mode.CUT : Mode.LATE;
        long lateMs = mode == Mode.LATE ? 200 + random.nextInt(3800) : 0;
        long[] before = {
            bed.watch.duplicates(), bed.watch.wantedRemoved(), bed.watch.foreignTouched(), duplicateUuidRefusals(bridge)
        };
        // rows both tables want must stay through the change: only the rows of the new table count as wanted
        Set<String> kept = new HashSet<>(want);
        kept.retainAll(keys.get((i - 1) % tables.size()));
        bed.watch.want(kept);
        cutter.arm(mode, lateMs);
        feed.replace(withdrawals(prefixesOf(keys.get((i - 1) % tables.size()), want)), next.updates());
        long deadline = System.nanoTime() + FIRE.toNanos();
        Cut cut;
        while ((cut = cutter.fired()) == null && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        cutter.disarm();
        long done = bed.awaitConverged(bridge, want, CONVERGE);
        Thread.sleep(1000); // a late commit or a stale sweep right after convergence counts too
        bed.watch.want(want);
        return verdict(i, mode, lateMs, cut, done, want, bed, bridge, before);
    }

    /** {@code before}: the watch's duplicates, wanted rows removed, foreign rows touched and the refusals then. */
    private static CutResult verdict(
            int i,
            Mode mode,
            long lateMs,
            Cut cut,
            long done,
            Set<String> want,
            CrashBed bed,
            BridgeProcess bridge,
            long[] before)
            throws IOException {
        List<String> notes = new ArrayList<>();
        long lost = 0;
        if (cut == null) {
            notes.add("no transaction with more than " + TransactCutter.MIN_INSERTS + " inserts to cut");
        }
        if (done < 0 || !bed.watch.oursEqual(want)) {
            notes.add("not converged: " + bed.watch.ourKeys().size() + " rows, RIB " + CrashBed.learnedTotal(bridge));
            lost++;
        }
        long dups = bed.watch.duplicates() - before[0];
        long removed = bed.watch.wantedRemoved() - before[1];
        long touched = bed.watch.foreignTouched() - before[2];
        List<String> foreign = bed.foreignChanged();
        notes.addAll(foreign);
        lost += dups + removed + touched + foreign.size();
        if (removed > 0) {
            notes.add(removed + " rows both tables wanted removed");
        }
        if (!bridge.isAlive()) {
            notes.add("the bridge died");
            lost++;
        }
        if (!bed.watch.connected()) {
            notes.add("the NB watch lost its connection: not every transaction was seen");
            lost++;
        }
        return new CutResult(
                i,
                mode,
                lateMs,
                cut == null ? 0 : cut.inserts(),
                cut == null ? "" : cut.lateAnswer(),
                duplicateUuidRefusals(bridge) - before[3],
                done < 0 || cut == null ? -1 : (done - cut.cutNanos()) / 1e9,
                dups,
                lost,
                String.join("; ", notes));
    }

    /** The prefixes of {@code before}'s keys that {@code after} does not have. */
    private static List<String> prefixesOf(Set<String> before, Set<String> after) {
        List<String> out = new ArrayList<>();
        for (String k : before) {
            if (!after.contains(k)) {
                out.add(k.substring(0, k.indexOf(' ')));
            }
        }
        return out;
    }

    /**
     * UPDATEs withdrawing exactly {@code prefixes} (IPv4, classic withdrawn routes), 500 a message: a prefix that
     * the new table announces again is not withdrawn, so that its row has no reason to go even for a moment.
     */
    static List<byte[]> withdrawals(List<String> prefixes) {
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < prefixes.size(); i += 500) {
            List<byte[]> part = new ArrayList<>();
            for (String p : prefixes.subList(i, Math.min(prefixes.size(), i + 500))) {
                String[] a = p.split("[./]");
                int address = (Integer.parseInt(a[0]) << 24)
                        | (Integer.parseInt(a[1]) << 16)
                        | (Integer.parseInt(a[2]) << 8)
                        | Integer.parseInt(a[3]);
                part.add(Wire.prefix(address, Integer.parseInt(a[4])));
            }
            out.add(Wire.update(Wire.concat(part.toArray(new byte[0][])), new byte[0], new byte[0]));
        }
        return out;
    }

    /** The bridge's transactions the server refused as "duplicate uuid" so far, from its log. */
    private static long duplicateUuidRefusals(BridgeProcess bridge) throws IOException {
        try (Stream<String> lines = Files.lines(bridge.log(), StandardCharsets.UTF_8)) {
            return lines.filter(l -> l.contains("transaction failed") && l.contains("duplicate uuid"))
                    .count();
        }
    }

    static String row(CutResult c) {
        return String.format(
                Locale.ROOT,
                "| %d | %s | %s | %,d | %s | %d | %s | %d | %d%s |",
                c.iteration(),
                c.mode() == Mode.CUT ? "request delivered, reply lost" : "request held, delivered late",
                c.mode() == Mode.LATE ? String.format(Locale.ROOT, "%,d ms", c.lateDelayMs()) : "—",
                c.inserts(),
                c.lateAnswer().isEmpty() ? "—" : c.lateAnswer(),
                c.refusedAsDuplicate(),
                c.secondsToConverge() < 0 ? "—" : String.format(Locale.ROOT, "%.1f", c.secondsToConverge()),
                c.duplicates(),
                c.lost(),
                c.note().isEmpty() ? "" : " (" + c.note() + ")");
    }
}
