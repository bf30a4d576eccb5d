package io.ovnbgp.ovsdb.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RowDiffTest {
    private static final DbSchema SCHEMA = new DbSchema(
            "db",
            "1",
            Map.of(
                    "T",
                    Map.of(
                            "name", DbSchema.ColumnKind.ATOM,
                            "refs", DbSchema.ColumnKind.SET,
                            "opt", DbSchema.ColumnKind.SET,
                            "ids", DbSchema.ColumnKind.MAP)));
    private static final Uuid A = Uuid.of("11111111-1111-1111-1111-111111111111");
    private static final Uuid B = Uuid.of("22222222-2222-2222-2222-222222222222");
    private static final Uuid C = Uuid.of("33333333-3333-3333-3333-333333333333");

    @Test
    void appliesScalarSetAndMapDiffsAsOvsdbServerDefinesThem() {
        Row old = Row.of(
                Map.of("name", "x", "refs", Set.of(A, B), "opt", Set.of(), "ids", Map.of("k", "1", "gone", "z")));
        // a one-element set diff arrives as a bare atom
        Row diff = Row.of(
                Map.of("name", "y", "refs", Set.of(B, C), "opt", 5L, "ids", Map.of("k", "2", "gone", "z", "new", "n")));
        Row neu = RowDiff.apply(old, diff, "T", SCHEMA);
        assertThat(neu.string("name")).isEqualTo("y");
        assertThat(neu.uuidSet("refs")).containsExactlyInAnyOrder(A, C);
        assertThat(neu.optionalLong("opt")).hasValue(5);
        assertThat(neu.stringMap("ids")).isEqualTo(Map.of("k", "2", "new", "n"));
        // an optional's change toggles the old value out and the new one in
        Row again = RowDiff.apply(neu, Row.of(Map.of("opt", Set.of(5L, 6L), "refs", A)), "T", SCHEMA);
        assertThat(again.optionalLong("opt")).hasValue(6);
        assertThat(again.uuidSet("refs")).containsExactly(C);
    }

    @Test
    void parsesTableUpdates2AndTheSchemaColumnKinds() throws Exception {
        ObjectMapper m = new ObjectMapper();
        List<RowUpdate> u = OvsdbJson.tableUpdates2(m.readTree("{\"T\":{"
                + "\"" + A + "\":{\"initial\":{\"name\":\"a\"}},"
                + "\"" + B + "\":{\"modify\":{\"refs\":[\"uuid\",\"" + C + "\"]}},"
                + "\"" + C + "\":{\"delete\":null}}}"));
        assertThat(u)
                .extracting(RowUpdate::kind)
                .containsExactly(RowUpdate.Kind.INSERT, RowUpdate.Kind.MODIFY_DIFF, RowUpdate.Kind.DELETE);
        DbSchema s = OvsdbJson.schema(
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
