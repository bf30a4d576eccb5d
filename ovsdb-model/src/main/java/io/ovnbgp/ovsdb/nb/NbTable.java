package io.ovnbgp.ovsdb.nb;

import io.ovnbgp.ovsdb.client.MonitorRequest;
import io.ovnbgp.ovsdb.client.Row;
import io.ovnbgp.ovsdb.client.Uuid;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The Northbound tables this module monitors, and only the columns it uses. */
public enum NbTable {
    LOGICAL_ROUTER(
            LogicalRouter.TABLE,
            List.of("name", "static_routes", "ports", "options", "external_ids"),
            LogicalRouter::from),
    STATIC_ROUTE(
            StaticRoute.TABLE,
            List.of("ip_prefix", "nexthop", "output_port", "policy", "route_table", "bfd", "options", "external_ids"),
            StaticRoute::from),
    LOGICAL_ROUTER_PORT(LogicalRouterPort.TABLE, List.of("name", "networks", "mac"), LogicalRouterPort::from),
    LOGICAL_SWITCH(LogicalSwitch.TABLE, List.of("name", "other_config", "external_ids"), LogicalSwitch::from),
    LOAD_BALANCER(LoadBalancer.TABLE, List.of("name", "vips", "external_ids"), LoadBalancer::from),
    BFD(
            Bfd.TABLE,
            List.of("logical_port", "dst_ip", "min_tx", "min_rx", "detect_mult", "status", "external_ids"),
            Bfd::from),
    NB_GLOBAL(NbGlobal.TABLE, List.of("name", "options"), NbGlobal::from);

    private static final Map<String, NbTable> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(NbTable::tableName, Function.identity()));

    private final String tableName;
    private final List<String> columns;
    private final BiFunction<Uuid, Row, ? extends NbRow> parser;

    NbTable(String tableName, List<String> columns, BiFunction<Uuid, Row, ? extends NbRow> parser) {
        this.tableName = tableName;
        this.columns = columns;
        this.parser = parser;
    }

    /** The OVSDB table name, e.g. "Logical_Router_Static_Route". */
    public String tableName() {
        return tableName;
    }

    public List<String> columns() {
        return columns;
    }

    NbRow parse(Uuid uuid, Row row) {
        return parser.apply(uuid, row);
    }

    static NbTable byName(String name) {
        NbTable t = BY_NAME.get(name);
        if (t == null) {
            throw new IllegalArgumentException("not a monitored Northbound table: " + name);
        }
        return t;
    }

    static List<MonitorRequest> monitorRequests() {
        return Arrays.stream(values())
                .map(t -> new MonitorRequest(t.tableName, t.columns))
                .toList();
    }
}
