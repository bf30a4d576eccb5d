package io.ovnbgp.ovsdb.nb;

import io.ovnbgp.ovsdb.client.Row;
import io.ovnbgp.ovsdb.client.Uuid;
import java.util.Set;

/** {@code Logical_Router_Port}: {@code networks} are CIDRs ("192.168.1.1/24"). */
public record LogicalRouterPort(Uuid uuid, String name, Set<String> networks, String mac) implements NbRow {
    public static final String TABLE = "Logical_Router_Port";

    public LogicalRouterPort {
        networks = Set.copyOf(networks);
    }

    static LogicalRouterPort from(Uuid uuid, Row r) {
        return new LogicalRouterPort(uuid, r.string("name"), r.stringSet("networks"), r.string("mac"));
    }

    @Override
    public NbTable table() {
        return NbTable.LOGICAL_ROUTER_PORT;
    }
}
