package io.ovnbgp.bench;

import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.ovsdb.client.Op;
import io.ovnbgp.ovsdb.client.OvsdbRemote;
import io.ovnbgp.ovsdb.client.OvsdbSession;
import io.ovnbgp.ovsdb.client.TxResult;
import io.ovnbgp.ovsdb.client.Uuid;
import io.ovnbgp.ovsdb.nb.NorthboundClient;
import java.time.Duration;
import java.util.List;

/**
 * Another client's round trip: {@code n} raw single-row transactions on a fresh in-process {@link OvsdbSession},
 * alternately one route inserted and the same route removed again, each timed from the call to its return. With
 * no bridge attached this is the floor; with the bridge attached it is what the bridge costs everyone else.
 */
final class RawRoundTrips {
    private static final Duration WAIT = Duration.ofSeconds(60);

    private RawRoundTrips() {}

    /** The round trips in ns, inserts at even and removals at odd indices; prefixes from {@code first.second/16}. */
    static long[] measure(String remote, RawRouteOps ops, int n, int first, int second) throws Exception {
        List<Prefix> prefixes = SyncBridge.prefixes(first, second, (n + 1) / 2);
        long[] out = new long[n];
        try (OvsdbSession raw = OvsdbSession.open(OvsdbRemote.parse(remote), WAIT)) {
            Uuid last = null;
            for (int i = 0; i < n; i++) {
                List<Op> tx = i % 2 == 0 ? ops.insert(prefixes.get(i / 2).toString()) : ops.remove(last);
                long t0 = System.nanoTime();
                TxResult r = raw.transact(NorthboundClient.DATABASE, tx, WAIT);
                out[i] = System.nanoTime() - t0;
                if (i % 2 == 0) {
                    last = r.uuidOf("r0");
                }
            }
        }
        return out;
    }
}
