package io.ovnbgp.bench;

import io.ovnbgp.bridge.ovn.StaticRouteReconciler;
import io.ovnbgp.ovsdb.client.Condition;
import io.ovnbgp.ovsdb.client.Op;
import io.ovnbgp.ovsdb.client.OvsdbException;
import io.ovnbgp.ovsdb.client.OvsdbRemote;
import io.ovnbgp.ovsdb.client.OvsdbSession;
import io.ovnbgp.ovsdb.client.TxResult;
import io.ovnbgp.ovsdb.client.Uuid;
import io.ovnbgp.ovsdb.nb.LogicalRouter;
import io.ovnbgp.ovsdb.nb.NbOps;
import io.ovnbgp.ovsdb.nb.NorthboundClient;
import io.ovnbgp.ovsdb.nb.StaticRouteSpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The floor under a writer's single change on the cluster: the same single-row transaction (router wait,
 * duplicate guard, insert and reference; then the dereference that deletes it) sent raw by our
 * {@link OvsdbSession} to the leader, on a router of its own, alternately adding and removing one row.
 */
final class RawFloor {
    static final String ROUTER = "GR_floor";
    private static final String OWNER = "bench-floor";
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
            Uuid last = null;
            for (int i = 0; i < count; i++) {
                List<Op> ops = i % 2 == 0 ? insert(router, "192.168." + (i % 256) + ".0/24") : delete(router, last);
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

    private static List<Op> insert(Uuid router, String prefix) {
        StaticRouteSpec spec = new StaticRouteSpec(
                prefix,
                "198.51.100.1",
                Optional.empty(),
                Optional.of("dst-ip"),
                "",
                Optional.empty(),
                Map.of(),
                Map.of(StaticRouteReconciler.OWNER_KEY, OWNER));
        // as the writer inserts: with the row's own uuid (the server refuses a duplicate), no guard scanning the table
        Op.Insert ins = NbOps.insertStaticRoute(
                spec,
                "r0",
                Uuid.of(UUID.nameUUIDFromBytes(("bench " + prefix).getBytes(StandardCharsets.UTF_8))
                        .toString()));
        return NbOps.withComment(
                "ovn-bgp-bridge bench floor: +1",
                List.of(
                        NbOps.waitRouterNamed(router, ROUTER),
                        ins,
                        NbOps.referenceStaticRoutes(router, List.of(ins.ref()))));
    }

    private static List<Op> delete(Uuid router, Uuid row) {
        return NbOps.withComment(
                "ovn-bgp-bridge bench floor: -1",
                List.of(NbOps.waitRouterNamed(router, ROUTER), NbOps.removeStaticRoutes(router, List.of(row))));
    }
}
