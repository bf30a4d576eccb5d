package io.ovnbgp.ovsdb.nb;

import io.ovnbgp.ovsdb.client.Uuid;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The columns of a static route to write. {@code outputPort}, {@code policy} and {@code bfd} are optional (empty
 * clears them); {@code bfd} may also name a BFD row inserted in the same transaction ({@link #bfdRef}).
 */
public record StaticRouteSpec(
        String ipPrefix,
        String nexthop,
        Optional<String> outputPort,
        Optional<String> policy,
        String routeTable,
        Optional<Object> bfd,
        Map<String, String> options,
        Map<String, String> externalIds) {
    public StaticRouteSpec {
        Objects.requireNonNull(ipPrefix, "ipPrefix");
        Objects.requireNonNull(nexthop, "nexthop");
        Objects.requireNonNull(routeTable, "routeTable");
        options = Map.copyOf(options);
        externalIds = Map.copyOf(externalIds);
        bfd.ifPresent(b -> {
            if (!(b instanceof Uuid) && !(b instanceof io.ovnbgp.ovsdb.client.NamedUuid)) {
                throw new IllegalArgumentException("bfd must be a Uuid or a NamedUuid, got " + b);
            }
        });
    }

    /** A dst-ip route in the main table, without output port, BFD or options. */
    public static StaticRouteSpec of(String ipPrefix, String nexthop, Map<String, String> externalIds) {
        return new StaticRouteSpec(
                ipPrefix, nexthop, Optional.empty(), Optional.empty(), "", Optional.empty(), Map.of(), externalIds);
    }

    public StaticRouteSpec withOutputPort(String port) {
        return new StaticRouteSpec(ipPrefix, nexthop, Optional.of(port), policy, routeTable, bfd, options, externalIds);
    }

    public StaticRouteSpec withBfd(Uuid bfdRow) {
        return new StaticRouteSpec(
                ipPrefix, nexthop, outputPort, policy, routeTable, Optional.of(bfdRow), options, externalIds);
    }

    public StaticRouteSpec bfdRef(io.ovnbgp.ovsdb.client.NamedUuid bfdRow) {
        return new StaticRouteSpec(
                ipPrefix, nexthop, outputPort, policy, routeTable, Optional.of(bfdRow), options, externalIds);
    }

    /** The row as an insert or update writes it (every column, so an update restores an edited row fully). */
    public Map<String, Object> row() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ip_prefix", ipPrefix);
        m.put("nexthop", nexthop);
        m.put("output_port", outputPort);
        m.put("policy", policy);
        m.put("route_table", routeTable);
        m.put("bfd", bfd);
        m.put("options", options);
        m.put("external_ids", externalIds);
        return m;
    }

    /** Whether {@code row} already has exactly these columns (the bfd column compared only when it is a Uuid). */
    public boolean matches(StaticRoute row) {
        boolean bfdSame = bfd.isEmpty()
                ? row.bfd().isEmpty()
                : !(bfd.get() instanceof Uuid u) || row.bfd().equals(Optional.of(u));
        return ipPrefix.equals(row.ipPrefix())
                && nexthop.equals(row.nexthop())
                && outputPort.equals(row.outputPort())
                && policy.equals(row.policy())
                && routeTable.equals(row.routeTable())
                && bfdSame
                && options.equals(row.options())
                && externalIds.equals(row.externalIds());
    }
}
