package io.ovnbgp.ovsdb.nb;

import io.ovnbgp.ovsdb.client.Row;
import io.ovnbgp.ovsdb.client.Uuid;
import java.util.Map;

/** {@code Load_Balancer}: {@code vips} maps "VIP[:PORT]" to "BACKEND[:PORT],...". */
public record LoadBalancer(Uuid uuid, String name, Map<String, String> vips, Map<String, String> externalIds)
        implements NbRow {
    public static final String TABLE = "Load_Balancer";

    public LoadBalancer {
        vips = Map.copyOf(vips);
        externalIds = Map.copyOf(externalIds);
    }

    static LoadBalancer from(Uuid uuid, Row r) {
        return new LoadBalancer(uuid, r.string("name"), r.stringMap("vips"), r.stringMap("external_ids"));
    }

    @Override
    public NbTable table() {
        return NbTable.LOAD_BALANCER;
    }
}
