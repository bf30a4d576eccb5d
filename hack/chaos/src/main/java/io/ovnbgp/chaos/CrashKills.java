package io.ovnbgp.chaos;

import io.ovnbgp.bench.InternetLikeTable;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * The kill -9 part of hack/chaos/crash: per iteration a fresh NB with foreign rows, the bridge started, the peer's
 * table being synced into NB, and at a random moment within the sync window (seeded) the bridge killed with
 * SIGKILL and started again at once; the peer stays up and sends its table again when the bridge is back.
 */
final class CrashKills {
    private static final Duration CONVERGE = Duration.ofMinutes(3);

    /** One iteration's outcome; {@code lost} counts every violation. */
    record Kill(
            int iteration,
            boolean gracefulRestart,
            long delayMs,
            int rowsAtKill,
            double secondsToConverge,
            long duplicates,
            long wantedRemoved,
            int foreignChanged,
            long lost,
            String note) {}

    private final InternetLikeTable table;
    private final Set<String> keys;
    private final List<String> prefixes;

    CrashKills(InternetLikeTable table, List<String> prefixes, Set<String> keys) {
        this.table = table;
        this.prefixes = prefixes;
        this.keys = keys;
    }

    /**
     * A whole sync without a kill: the seconds from the session's start until NB first holds every row (seen by
     * the {@link NbWatch}): the window the kills fall in.
     */
    double syncWindow() throws Exception {
        try (CrashBed bed = CrashBed.create(prefixes);
                BridgeProcess bridge =
                        BridgeProcess.start(bed.daemons, bed.config(bed.ovn.nbRemote(), keys.size()), bed.httpPort);
                PeerFeed feed = feed(bed, true)) {
            feed.start();
            awaitSession(feed, 1);
            long t0 = feed.establishedNanos();
            long deadline = t0 + CONVERGE.toNanos();
            while (!bed.watch.oursEqual(keys)) {
                if (System.nanoTime() > deadline || !bridge.isAlive()) {
                    throw new IllegalStateException("the first sync did not reach NB within " + CONVERGE);
                }
                Thread.sleep(10);
            }
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    Kill run(int iteration, Random random, double windowSeconds) throws Exception {
        boolean gr = iteration % 2 == 0;
        long delayMs = (long) (random.nextDouble() * windowSeconds * 1000);
        try (CrashBed bed = CrashBed.create(prefixes);
                PeerFeed feed = feed(bed, gr)) {
            bed.watch.want(keys);
            String config = bed.config(bed.ovn.nbRemote(), keys.size());
            BridgeProcess first = BridgeProcess.start(bed.daemons, config, bed.httpPort);
            feed.start();
            awaitSession(feed, 1);
            long wake = feed.establishedNanos() + delayMs * 1_000_000L;
            Thread.sleep(Math.max(0, (wake - System.nanoTime()) / 1_000_000));
            int rowsAtKill = bed.watch.ourKeys().size();
            first.kill9();
            long restart = System.nanoTime();
            try (BridgeProcess second = BridgeProcess.start(bed.daemons, config, bed.httpPort)) {
                long done = bed.awaitConverged(second, keys, CONVERGE);
                // what NB does in the moments after convergence counts too (a late stale-row sweep)
                Thread.sleep(1000);
                return verdict(bed, iteration, gr, delayMs, rowsAtKill, restart, done, second);
            } finally {
                first.close();
            }
        }
    }

    private Kill verdict(
            CrashBed bed,
            int iteration,
            boolean gr,
            long delayMs,
            int rowsAtKill,
            long restart,
            long done,
            BridgeProcess second) {
        List<String> notes = new ArrayList<>();
        long lost = 0;
        if (done < 0) {
            notes.add("not converged within " + CONVERGE + ": "
                    + bed.watch.ourKeys().size() + " rows, RIB " + CrashBed.learnedTotal(second));
            lost++;
        } else if (!bed.watch.oursEqual(keys)) {
            notes.add("NB drifted after convergence: " + bed.watch.ourKeys().size() + " rows");
            lost++;
        }
        List<String> foreign = bed.foreignChanged();
        notes.addAll(foreign);
        notes.addAll(bed.watch.events());
        lost += bed.watch.duplicates() + bed.watch.wantedRemoved() + bed.watch.foreignTouched() + foreign.size();
        if (!second.isAlive()) {
            notes.add("the restarted bridge died");
            lost++;
        }
        if (!bed.watch.connected()) {
            notes.add("the NB watch lost its connection: not every transaction was seen");
            lost++;
        }
        return new Kill(
                iteration,
                gr,
                delayMs,
                rowsAtKill,
                done < 0 ? -1 : (done - restart) / 1e9,
                bed.watch.duplicates(),
                bed.watch.wantedRemoved(),
                foreign.size() + (int) bed.watch.foreignTouched(),
                lost,
                String.join("; ", notes));
    }

    private PeerFeed feed(CrashBed bed, boolean gr) {
        return new PeerFeed(CrashBed.PEER, bed.bridgeAddress(), CrashBed.PEER_AS, 0x0A000501, gr, table.updates());
    }

    static void awaitSession(PeerFeed feed, int sessions) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (feed.sessions() < sessions) {
            if (System.nanoTime() > deadline) {
                throw new IOException("no BGP session " + sessions + " with the bridge within 60 s");
            }
            Thread.sleep(20);
        }
    }

    static String row(Kill k) {
        return String.format(
                Locale.ROOT,
                "| %d | %s | %,d | %,d | %s | %d | %d | %d | %d%s |",
                k.iteration(),
                k.gracefulRestart() ? "yes" : "no",
                k.delayMs(),
                k.rowsAtKill(),
                k.secondsToConverge() < 0 ? "—" : String.format(Locale.ROOT, "%.1f", k.secondsToConverge()),
                k.duplicates(),
                k.wantedRemoved(),
                k.foreignChanged(),
                k.lost(),
                k.note().isEmpty() ? "" : " (" + k.note() + ")");
    }
}
