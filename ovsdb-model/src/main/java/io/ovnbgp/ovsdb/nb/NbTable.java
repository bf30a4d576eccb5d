package io.ovnbgp.ovsdb.nb;

import io.ovnbgp.ovsdb.client.Condition;
import io.ovnbgp.ovsdb.client.MonitorRequest;
import io.ovnbgp.ovsdb.client.Row;
import io.ovnbgp.ovsdb.client.Uuid;
import java.util.ArrayList;
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
        return monitorRequests(NbScope.ALL);
    }

    /**
     * The monitor requests for {@code scope}: every row of every table for {@link NbScope#ALL}; else only what the
     * node's bridge reads. The clauses of one monitor condition are alternatives (ovsdb-server sends a row that
     * matches any of them, unlike a transaction's {@code where}), so the BFD rows the node owns or that sit on its
     * output port are one request. A table with nothing to match is left out (Load_Balancer and NB_Global: the
     * bridge reads neither).
     */
    static List<MonitorRequest> monitorRequests(NbScope scope) {
        if (scope.isAll()) {
            return Arrays.stream(values())
                    .map(t -> new MonitorRequest(t.tableName, t.columns))
                    .toList();
        }
        List<MonitorRequest> out = new ArrayList<>();
        Condition owned =
                scope.ownerKey().isEmpty() ? null : Condition.externalId(scope.ownerKey(), scope.ownerValue());
        for (NbTable t : values()) {
            List<Condition> any = new ArrayList<>();
            switch (t) {
                case LOGICAL_ROUTER -> any.add(Condition.eq("name", scope.router()));
                case STATIC_ROUTE -> addIfSet(any, owned);
                case BFD -> {
                    addIfSet(any, owned);
                    if (!scope.outputPort().isEmpty()) {
                        any.add(Condition.eq("logical_port", scope.outputPort()));
                    }
                }
                case LOGICAL_SWITCH -> {
                    if (!scope.nodeSwitch().isEmpty()) {
                        any.add(Condition.eq("name", scope.nodeSwitch()));
                    }
                }
                case LOGICAL_ROUTER_PORT -> {
                    if (!scope.outputPort().isEmpty()) {
                        any.add(Condition.eq("name", scope.outputPort()));
                    }
                }
                case LOAD_BALANCER, NB_GLOBAL -> {}
            }
            if (!any.isEmpty()) {
                out.add(new MonitorRequest(t.tableName, t.columns, any));
            }
        }
        return out;
    }

    private static void addIfSet(List<Condition> any, Condition c) {
        if (c != null) {
            any.add(c);
        }
    }
}
