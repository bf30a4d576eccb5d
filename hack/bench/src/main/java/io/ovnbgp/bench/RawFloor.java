package io.ovnbgp.bench;

import io.ovnbgp.ovsdb.client.Condition;
import io.ovnbgp.ovsdb.client.Op;
import io.ovnbgp.ovsdb.client.OvsdbException;
import io.ovnbgp.ovsdb.client.OvsdbRemote;
import io.ovnbgp.ovsdb.client.OvsdbSession;
import io.ovnbgp.ovsdb.client.TxResult;
import io.ovnbgp.ovsdb.client.Uuid;
import io.ovnbgp.ovsdb.nb.LogicalRouter;
import io.ovnbgp.ovsdb.nb.NorthboundClient;
import java.time.Duration;
import java.util.List;

/**
 * The floor under a writer's single change on the cluster: the same single-row transaction ({@link RawRouteOps}:
 * router wait, insert with the row's own uuid and reference; then the dereference that deletes it) sent raw by our
 * {@link OvsdbSession} to the leader, on a router of its own, alternately adding and removing one row.
 */
final class RawFloor {
    static final String ROUTER = "GR_floor";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private RawFloor() {}

    /** Round trips of {@code count} transactions, in nanoseconds. */
    static long[] measure(String leaderRemote, int count) throws OvsdbException {
        long[] out = new long[count];
        try (OvsdbSession s = OvsdbSession.open(OvsdbRemote.parse(leaderRemote), TIMEOUT)) {
            TxResult found = s.transact(
                    NorthboundClient.DATABASE,
                    List.of(new Op.Select(
                            LogicalRouter.TABLE, List.of(Condition.eq("name", ROUTER)), List.of("_uuid"))),
                    TIMEOUT);
            Uuid router = found.get(0).rows().get(0).optionalUuid("_uuid").orElseThrow();
            RawRouteOps raw = new RawRouteOps(router, ROUTER);
            Uuid last = null;
            for (int i = 0; i < count; i++) {
                List<Op> ops = i % 2 == 0 ? raw.insert("192.168." + (i % 256) + ".0/24") : raw.remove(last);
                long t0 = System.nanoTime();
                TxResult r = s.transact(NorthboundClient.DATABASE, ops, TIMEOUT);
                out[i] = System.nanoTime() - t0;
                if (i % 2 == 0) {
                    last = r.uuidOf("r0");
                }
            }
        }
        return out;
    }
}
