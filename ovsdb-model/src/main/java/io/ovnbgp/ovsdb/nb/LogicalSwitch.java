package io.ovnbgp.ovsdb.nb;

import io.ovnbgp.ovsdb.client.Row;
import io.ovnbgp.ovsdb.client.Uuid;
import java.util.Map;

/** {@code Logical_Switch}: OVN-Kubernetes keeps the node subnet in {@code other_config:subnet}. */
public record LogicalSwitch(Uuid uuid, String name, Map<String, String> otherConfig, Map<String, String> externalIds)
        implements NbRow {
    public static final String TABLE = "Logical_Switch";

    public LogicalSwitch {
        otherConfig = Map.copyOf(otherConfig);
        externalIds = Map.copyOf(externalIds);
    }

    static LogicalSwitch from(Uuid uuid, Row r) {
        return new LogicalSwitch(uuid, r.string("name"), r.stringMap("other_config"), r.stringMap("external_ids"));
    }

    @Override
    public NbTable table() {
        return NbTable.LOGICAL_SWITCH;
    }
}
