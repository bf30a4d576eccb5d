package io.ovnbgp.ovsdb.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TableUpdates2Test {
    private static final DbSchema SCHEMA = new DbSchema(
            "db",
            "1",
            Map.of(
                    "T",
                    Map.of(
                            "name", DbSchema.ColumnKind.ATOM,
                            "refs", DbSchema.ColumnKind.SET,
                            "opt", DbSchema.ColumnKind.ATOM,
                            "ids", DbSchema.ColumnKind.MAP)));
    private static final Uuid A = Uuid.of("11111111-1111-1111-1111-111111111111");
    private static final Uuid B = Uuid.of("22222222-2222-2222-2222-222222222222");
    private static final Uuid C = Uuid.of("33333333-3333-3333-3333-333333333333");

    @Test
    void parsesTableUpdates2AndTheSchemaColumnKinds() throws Exception {
        ObjectMapper m = new ObjectMapper();
        List<RowUpdate> u = TableUpdates.parse2(m.readTree("{\"T\":{"
                + "\"" + A + "\":{\"initial\":{\"name\":\"a\"}},"
                + "\"" + B + "\":{\"modify\":{\"refs\":[\"uuid\",\"" + C + "\"]}},"
                + "\"" + C + "\":{\"delete\":null}}}"));
        assertThat(u)
                .extracting(RowUpdate::kind)
                .containsExactly(RowUpdate.Kind.INSERT, RowUpdate.Kind.MODIFY_DIFF, RowUpdate.Kind.DELETE);
        DbSchema s = SchemaJson.parse(
                "db",
                "1",
                m.readTree(
                        "{\"T\":{\"columns\":{"
                                + "\"name\":{\"type\":\"string\"},"
                                + "\"refs\":{\"type\":{\"key\":\"uuid\",\"min\":0,\"max\":\"unlimited\"}},"
                                + "\"opt\":{\"type\":{\"key\":\"integer\",\"min\":0,\"max\":1}},"
                                + "\"ids\":{\"type\":{\"key\":\"string\",\"value\":\"string\",\"min\":0,\"max\":\"unlimited\"}}}}}"));
        assertThat(s.columns().get("T")).isEqualTo(SCHEMA.columns().get("T"));
    }
}
