package io.ovnbgp.ovsdb.nb;

import io.ovnbgp.ovsdb.client.Row;
import io.ovnbgp.ovsdb.client.Uuid;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/** {@code BFD}: one session from {@code logical_port} to {@code dst_ip}; {@code status} is written by OVN. */
public record Bfd(
        Uuid uuid,
        String logicalPort,
        String dstIp,
        OptionalLong minTx,
        OptionalLong minRx,
        OptionalLong detectMult,
        Optional<String> status,
        Map<String, String> externalIds)
        implements NbRow {
    public static final String TABLE = "BFD";

    public Bfd {
        externalIds = Map.copyOf(externalIds);
    }

    static Bfd from(Uuid uuid, Row r) {
        return new Bfd(
                uuid,
                r.string("logical_port"),
                r.string("dst_ip"),
                r.optionalLong("min_tx"),
                r.optionalLong("min_rx"),
                r.optionalLong("detect_mult"),
                r.optionalString("status"),
                r.stringMap("external_ids"));
    }

    @Override
    public NbTable table() {
        return NbTable.BFD;
    }
}
