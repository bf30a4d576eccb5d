package io.ovnbgp.ovsdb.nb;

import io.ovnbgp.ovsdb.client.PersistentSet;
import io.ovnbgp.ovsdb.client.Row;
import io.ovnbgp.ovsdb.client.Uuid;
import java.util.Map;
import java.util.Set;

/** {@code Logical_Router}: {@code static_routes} and {@code ports} are strong references. */
public record LogicalRouter(
        Uuid uuid,
        String name,
        Set<Uuid> staticRoutes,
        Set<Uuid> ports,
        Map<String, String> options,
        Map<String, String> externalIds)
        implements NbRow {
    public static final String TABLE = "Logical_Router";

    public LogicalRouter {
        // persistent: a diff of one route makes a new set sharing the rest (see NbCache)
        staticRoutes = PersistentSet.copyOf(staticRoutes);
        ports = PersistentSet.copyOf(ports);
        options = Map.copyOf(options);
        externalIds = Map.copyOf(externalIds);
    }

    static LogicalRouter from(Uuid uuid, Row r) {
        return new LogicalRouter(
                uuid,
                r.string("name"),
                r.uuidSet("static_routes"),
                r.uuidSet("ports"),
                r.stringMap("options"),
                r.stringMap("external_ids"));
    }

    @Override
    public NbTable table() {
        return NbTable.LOGICAL_ROUTER;
    }
}
