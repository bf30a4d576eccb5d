package io.ovnbgp.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.ovnbgp.ovsdb.client.OvsdbException;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Waits (bounded) until the bridge has settled on what the flapping peer last sent: its paths in the Loc-RIB are
 * exactly the ones sent, none stale (the End-of-RIB swept the rest), and our rows in NB are exactly the Loc-RIB's
 * best and multipath routes, once each. The differences left at the deadline are the data lost.
 */
final class Convergence {
    private Convergence() {}

    /** What was different when the wait ended; all zero when it converged. */
    record Result(
            boolean converged,
            long millis,
            long ribMissing,
            long ribExtra,
            long stale,
            long nbMissing,
            long nbExtra,
            long nbDuplicates) {
        long lost() {
            return ribMissing + ribExtra + stale + nbMissing + nbExtra + nbDuplicates;
        }

        @Override
        public String toString() {
            return converged
                    ? "converged in " + millis + " ms"
                    : String.format(
                            "NOT converged after %d ms: RIB %d missing / %d extra / %d stale; NB %d missing / %d extra"
                                    + " / %d duplicated",
                            millis, ribMissing, ribExtra, stale, nbMissing, nbExtra, nbDuplicates);
        }
    }

    static Result await(BridgeProcess bridge, NbSampler nb, Set<String> sent, String peer, Duration timeout)
            throws InterruptedException {
        long t0 = System.nanoTime();
        long end = t0 + timeout.toNanos();
        Result last = null;
        while (true) {
            try {
                if (looksSettled(bridge, sent.size(), peer)) {
                    last = compare(bridge, nb, sent, peer, t0);
                    if (last.converged()) {
                        return last;
                    }
                    Thread.sleep(300); // a full comparison costs the bridge a whole /routes: not too often
                }
            } catch (IOException | OvsdbException e) {
                System.err.println("flaps: cannot compare yet: " + e.getMessage());
            }
            if (System.nanoTime() > end || !bridge.isAlive()) {
                return last != null ? last : lastLook(bridge, nb, sent, peer, t0);
            }
            Thread.sleep(200);
        }
    }

    /** The differences at the deadline when the cheap question never let the full comparison run. */
    private static Result lastLook(BridgeProcess bridge, NbSampler nb, Set<String> sent, String peer, long t0)
            throws InterruptedException {
        try {
            return compare(bridge, nb, sent, peer, t0);
        } catch (IOException | OvsdbException e) {
            System.err.println("flaps: cannot compare: " + e.getMessage());
            return new Result(false, (System.nanoTime() - t0) / 1_000_000, sent.size(), 0, 0, sent.size(), 0, 0);
        }
    }

    /**
     * The cheap question first, so that the waiting does not load the bridge with a full {@code /routes} every
     * time: the peer's accepted paths as many as sent, none stale, and the writer owning a row for every prefix
     * it wants and does not hold back (one next hop each here).
     */
    private static boolean looksSettled(BridgeProcess bridge, int sent, String peer)
            throws IOException, InterruptedException {
        JsonNode status = bridge.json("/status");
        JsonNode ovn = status.path("routes");
        for (JsonNode p : status.path("peers")) {
            if (peer.equals(p.path("name").asText())) {
                JsonNode prefixes = p.path("prefixes");
                return prefixes.path("accepted").asLong(-1) == sent
                        && prefixes.path("stale").asLong(-1) == 0
                        && ovn.path("rowsOwned").asLong(-1)
                                        + ovn.path("heldBack").asLong(0)
                                >= ovn.path("prefixesWanted").asLong(0);
            }
        }
        return false;
    }

    private static Result compare(BridgeProcess bridge, NbSampler nb, Set<String> sent, String peer, long t0)
            throws IOException, InterruptedException, OvsdbException {
        LocRib rib = LocRib.read(bridge, peer);
        List<String> rows = nb.read().ourRoutes();
        Set<String> have = new HashSet<>(rows);
        long ribMissing = LocRib.minus(sent, rib.peerRoutes()).size();
        long ribExtra = LocRib.minus(rib.peerRoutes(), sent).size();
        long nbMissing = LocRib.minus(rib.wantedRows(), have).size();
        long nbExtra = LocRib.minus(have, rib.wantedRows()).size();
        long dup = rows.size() - have.size();
        boolean ok = ribMissing + ribExtra + rib.peerStale() + nbMissing + nbExtra + dup == 0;
        return new Result(
                ok,
                (System.nanoTime() - t0) / 1_000_000,
                ribMissing,
                ribExtra,
                rib.peerStale(),
                nbMissing,
                nbExtra,
                dup);
    }
}
