package io.ovnbgp.ovsdb.nb;

import io.ovnbgp.ovsdb.client.Row;
import io.ovnbgp.ovsdb.client.Uuid;
import java.util.Map;

/** {@code NB_Global}: the single row of global options. */
public record NbGlobal(Uuid uuid, String name, Map<String, String> options) implements NbRow {
    public static final String TABLE = "NB_Global";

    public NbGlobal {
        options = Map.copyOf(options);
    }

    static NbGlobal from(Uuid uuid, Row r) {
        return new NbGlobal(uuid, r.string("name"), r.stringMap("options"));
    }

    @Override
    public NbTable table() {
        return NbTable.NB_GLOBAL;
    }
}
