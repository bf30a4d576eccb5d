package io.ovnbgp.ovsdb.nb;

import io.ovnbgp.ovsdb.client.Row;
import io.ovnbgp.ovsdb.client.Uuid;
import java.util.Map;
import java.util.Optional;

/**
 * {@code Logical_Router_Static_Route}. Not a root table: a route no router references is removed at commit, so
 * insert it and reference it from {@code Logical_Router.static_routes} in the same transaction
 * ({@link NbOps#addStaticRoute}). {@code policy} absent means dst-ip; {@code route_table} "" is the main table.
 */
public record StaticRoute(
        Uuid uuid,
        String ipPrefix,
        String nexthop,
        Optional<String> outputPort,
        Optional<String> policy,
        String routeTable,
        Optional<Uuid> bfd,
        Map<String, String> options,
        Map<String, String> externalIds)
        implements NbRow {
    public static final String TABLE = "Logical_Router_Static_Route";

    public StaticRoute {
        options = Map.copyOf(options);
        externalIds = Map.copyOf(externalIds);
    }

    static StaticRoute from(Uuid uuid, Row r) {
        return new StaticRoute(
                uuid,
                r.string("ip_prefix"),
                r.string("nexthop"),
                r.optionalString("output_port"),
                r.optionalString("policy"),
                r.string("route_table"),
                r.optionalUuid("bfd"),
                r.stringMap("options"),
                r.stringMap("external_ids"));
    }

    /** The policy with OVN's default applied: "dst-ip" when unset. */
    public String effectivePolicy() {
        return policy.orElse("dst-ip");
    }

    @Override
    public NbTable table() {
        return NbTable.STATIC_ROUTE;
    }
}
