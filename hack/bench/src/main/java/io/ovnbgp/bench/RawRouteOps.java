package io.ovnbgp.bench;

import io.ovnbgp.bridge.ovn.StaticRouteReconciler;
import io.ovnbgp.ovsdb.client.Op;
import io.ovnbgp.ovsdb.client.Uuid;
import io.ovnbgp.ovsdb.nb.NbOps;
import io.ovnbgp.ovsdb.nb.StaticRouteSpec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The single-row transactions the OVN writer sends, built through {@link NbOps} as the writer builds them, for a
 * client that is not the writer: insert (comment, router-name wait, insert with the row's own uuid, reference mutate)
 * and removal (comment, router-name wait, the mutate that drops the reference). The rows carry another owner value
 * of the same length, so that the reconciler leaves them alone.
 */
record RawRouteOps(Uuid router, String routerName) {
    static final String RAW_OWNER = "bench-r";
    static final String NEXT_HOP = "203.0.113.1";

    /** The insert+mutate of one route; the new row's uuid is {@code TxResult.uuidOf("r0")}. */
    List<Op> insert(String prefix) {
        StaticRouteSpec spec = new StaticRouteSpec(
                prefix,
                NEXT_HOP,
                Optional.empty(),
                Optional.of("dst-ip"),
                "",
                Optional.empty(),
                Map.of(),
                Map.of(StaticRouteReconciler.OWNER_KEY, RAW_OWNER));
        // as the writer inserts: with the row's own uuid (the server refuses a duplicate), no guard scanning the table
        Op.Insert ins = NbOps.insertStaticRoute(
                spec,
                "r0",
                Uuid.of(UUID.nameUUIDFromBytes(("bench " + prefix).getBytes(StandardCharsets.UTF_8))
                        .toString()));
        return NbOps.withComment(
                "ovn-bgp-bridge bench raw: +1",
                List.of(
                        NbOps.waitRouterNamed(router, routerName),
                        ins,
                        NbOps.referenceStaticRoutes(router, List.of(ins.ref()))));
    }

    /** The removal of one route row (dropping the router's reference garbage-collects it). */
    List<Op> remove(Uuid row) {
        return NbOps.withComment(
                "ovn-bgp-bridge bench raw: -1",
                List.of(NbOps.waitRouterNamed(router, routerName), NbOps.removeStaticRoutes(router, List.of(row))));
    }
}
