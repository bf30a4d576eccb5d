package io.ovnbgp.ovsdb.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OvsdbJsonTest {
    private static final ObjectMapper M = new ObjectMapper();
    private static final Uuid U1 = Uuid.of("11111111-2222-3333-4444-555555555555");
    private static final Uuid U2 = Uuid.of("aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");

    private static JsonNode json(String s) throws Exception {
        return M.readTree(s.replace('\'', '"'));
    }

    private static String wire(Object v) {
        return OvsdbJson.value(v, "test").toString();
    }

    @Test
    void atomsAndCompoundValuesEncodeAsRfc7047Notation() {
        assertThat(wire("10.0.0.0/8")).isEqualTo("\"10.0.0.0/8\"");
        assertThat(wire(3)).isEqualTo("3");
        assertThat(wire(3L)).isEqualTo("3");
        assertThat(wire(1.5)).isEqualTo("1.5");
        assertThat(wire(true)).isEqualTo("true");
        assertThat(wire(U1)).isEqualTo("[\"uuid\",\"11111111-2222-3333-4444-555555555555\"]");
        assertThat(wire(new NamedUuid("route0"))).isEqualTo("[\"named-uuid\",\"route0\"]");
        assertThat(wire(new LinkedHashSet<>(List.of(U1, U2))))
                .isEqualTo("[\"set\",[[\"uuid\",\"" + U1 + "\"],[\"uuid\",\"" + U2 + "\"]]]");
        assertThat(wire(Set.of())).isEqualTo("[\"set\",[]]");
        Map<String, String> m = new LinkedHashMap<>();
        m.put("ovn-bgp-bridge/owner", "node1");
        m.put("k", "v");
        assertThat(wire(m)).isEqualTo("[\"map\",[[\"ovn-bgp-bridge/owner\",\"node1\"],[\"k\",\"v\"]]]");
        assertThat(wire(Map.of())).isEqualTo("[\"map\",[]]");
        assertThat(wire(Optional.empty())).isEqualTo("[\"set\",[]]");
        assertThat(wire(Optional.of("rtoe-GR_node1"))).isEqualTo("\"rtoe-GR_node1\"");
    }

    @Test
    void whatIsNotAnAtomIsRefusedNamingWhere() {
        assertThatThrownBy(() -> OvsdbJson.value(Set.of(Set.of("x")), "insert column nexthop"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("insert column nexthop")
                .hasMessageContaining("not an OVSDB atom");
        assertThatThrownBy(() -> OvsdbJson.value(new Object(), "x")).hasMessageContaining("not an OVSDB atom");
        assertThatThrownBy(() -> new NamedUuid("1abc")).hasMessageContaining("not a valid uuid-name");
        assertThatThrownBy(() -> Uuid.of("nope")).hasMessageContaining("is not a UUID");
    }

    @Test
    void decodesEveryShapeTheServerSends() throws Exception {
        assertThat(OvsdbJson.decode(json("'x'"), "t")).isEqualTo("x");
        assertThat(OvsdbJson.decode(json("7"), "t")).isEqualTo(7L);
        assertThat(OvsdbJson.decode(json("0.25"), "t")).isEqualTo(0.25);
        assertThat(OvsdbJson.decode(json("false"), "t")).isEqualTo(false);
        assertThat(OvsdbJson.decode(json("['uuid','" + U1 + "']"), "t")).isEqualTo(U1);
        assertThat(OvsdbJson.decode(json("['set',[]]"), "t")).isEqualTo(Set.of());
        assertThat(OvsdbJson.decode(json("['set',[['uuid','" + U1 + "'],['uuid','" + U2 + "']]]"), "t"))
                .isEqualTo(Set.of(U1, U2));
        assertThat(OvsdbJson.decode(json("['map',[['a','1'],['b','2']]]"), "t")).isEqualTo(Map.of("a", "1", "b", "2"));
        assertThatThrownBy(() -> OvsdbJson.decode(json("['bogus',1]"), "Logical_Router.name"))
                .hasMessageContaining("Logical_Router.name")
                .hasMessageContaining("malformed");
        assertThatThrownBy(() -> OvsdbJson.decode(json("{}"), "t")).hasMessageContaining("malformed");
    }

    @Test
    void rowGettersAcceptBareAtomsForSetsAndEmptySetsForOptionals() throws Exception {
        Row r = OvsdbJson.row(
                json("{'static_routes':['uuid','" + U1 + "'],'ports':['set',[]],"
                        + "'output_port':['set',[]],'policy':'src-ip','bfd':['uuid','" + U2 + "'],"
                        + "'min_tx':['set',[]],'detect_mult':3,'networks':['set',['10.0.0.1/24','fd00::1/64']],"
                        + "'external_ids':['map',[['k','v']]],'options':['map',[]]}"),
                "t");
        assertThat(r.uuidSet("static_routes")).containsExactly(U1);
        assertThat(r.uuidSet("ports")).isEmpty();
        assertThat(r.optionalString("output_port")).isEmpty();
        assertThat(r.optionalString("policy")).contains("src-ip");
        assertThat(r.optionalUuid("bfd")).contains(U2);
        assertThat(r.optionalLong("min_tx")).isEmpty();
        assertThat(r.optionalLong("detect_mult")).hasValue(3);
        assertThat(r.stringSet("networks")).containsExactlyInAnyOrder("10.0.0.1/24", "fd00::1/64");
        assertThat(r.stringMap("external_ids")).isEqualTo(Map.of("k", "v"));
        assertThat(r.stringMap("options")).isEmpty();
        assertThat(r.string("absent")).isEmpty();
        assertThat(r.stringMap("absent")).isEmpty();
        assertThatThrownBy(() -> r.string("detect_mult")).hasMessageContaining("expected String");
    }

    @Test
    void insertAndMutateWithANamedUuidInOneTransaction() throws Exception {
        Op.Insert ins = Op.insert("Logical_Router_Static_Route", Map.of("ip_prefix", "10.1.0.0/16"), "route0");
        Op mut =
                Op.mutate("Logical_Router", List.of(Condition.uuidIs(U1)), Mutation.insert("static_routes", ins.ref()));
        JsonNode params = OvsdbJson.transactParams("OVN_Northbound", List.of(ins, mut));
        assertThat(params)
                .isEqualTo(json("['OVN_Northbound',"
                        + "{'op':'insert','table':'Logical_Router_Static_Route','row':{'ip_prefix':'10.1.0.0/16'},'uuid-name':'route0'},"
                        + "{'op':'mutate','table':'Logical_Router','where':[['_uuid','==',['uuid','" + U1 + "']]],"
                        + "'mutations':[['static_routes','insert',['set',[['named-uuid','route0']]]]]}]"));
    }

    @Test
    void waitUpdateDeleteSelectCommentAndConditions() throws Exception {
        Op wait = new Op.Wait(
                "Logical_Router",
                List.of(Condition.eq("name", "GR_node1")),
                List.of("static_routes"),
                Op.Wait.Until.EQ,
                List.of(Map.of("static_routes", Set.of(U2))),
                0L);
        // compared as text: the parsed 0 is an int node, ours a long node, and the wire is the same
        assertThat(OvsdbJson.op(wait, "t").toString())
                .isEqualTo(json("{'op':'wait','timeout':0,'table':'Logical_Router',"
                                + "'where':[['name','==','GR_node1']],'columns':['static_routes'],'until':'==',"
                                + "'rows':[{'static_routes':['set',[['uuid','" + U2 + "']]]}]}")
                        .toString());
        Op waitNe = new Op.Wait("BFD", List.of(), List.of("status"), Op.Wait.Until.NE, List.of(), null);
        assertThat(OvsdbJson.op(waitNe, "t"))
                .isEqualTo(json(
                        "{'op':'wait','table':'BFD','where':[]," + "'columns':['status'],'until':'!=','rows':[]}"));
        Op up = Op.update(
                "Logical_Router_Static_Route",
                List.of(Condition.uuidIs(U1), Condition.externalId("ovn-bgp-bridge/owner", "node1")),
                Map.of("nexthop", "192.168.1.2"));
        assertThat(OvsdbJson.op(up, "t"))
                .isEqualTo(json("{'op':'update','table':'Logical_Router_Static_Route',"
                        + "'where':[['_uuid','==',['uuid','" + U1 + "']],"
                        + "['external_ids','includes',['map',[['ovn-bgp-bridge/owner','node1']]]]],"
                        + "'row':{'nexthop':'192.168.1.2'}}"));
        Op del = Op.delete(
                "BFD", List.of(Condition.uuidIsNot(U1), Condition.excludes("external_ids", Map.of("a", "b"))));
        assertThat(OvsdbJson.op(del, "t"))
                .isEqualTo(json("{'op':'delete','table':'BFD','where':[" + "['_uuid','!=',['uuid','" + U1
                        + "']],['external_ids','excludes',['map',[['a','b']]]]]}"));
        assertThat(OvsdbJson.op(Op.select("NB_Global", List.of(), "name", "options"), "t"))
                .isEqualTo(json("{'op':'select','table':'NB_Global','where':[],'columns':['name','options']}"));
        assertThat(OvsdbJson.op(Op.comment("ovn-bgp-bridge: sync"), "t"))
                .isEqualTo(json("{'op':'comment','comment':'ovn-bgp-bridge: sync'}"));
        Op mutDel = Op.mutate(
                "Logical_Router",
                List.of(Condition.uuidIs(U1)),
                Mutation.delete("static_routes", U2),
                Mutation.deleteKeys("options", "lb_force_snat_ip"));
        assertThat(OvsdbJson.op(mutDel, "t").get("mutations"))
                .isEqualTo(json("[['static_routes','delete'," + "['set',[['uuid','" + U2
                        + "']]]],['options','delete',['set',['lb_force_snat_ip']]]]"));
    }

    @Test
    void namedUuidsMustBeDeclaredOnceByAnInsert() {
        Op mut = Op.mutate(
                "Logical_Router",
                List.of(Condition.uuidIs(U1)),
                Mutation.insert("static_routes", new NamedUuid("route9")));
        assertThatThrownBy(() -> OvsdbJson.transactParams("OVN_Northbound", List.of(mut)))
                .hasMessageContaining("operation 0")
                .hasMessageContaining("route9")
                .hasMessageContaining("no insert of this transaction declares");
        Op a = Op.insert("BFD", Map.of(), "x");
        assertThatThrownBy(() -> OvsdbJson.transactParams("OVN_Northbound", List.of(a, a)))
                .hasMessageContaining("declared twice");
    }

    @Test
    void perOperationResults() throws Exception {
        Op.Insert ins = Op.insert("Logical_Router_Static_Route", Map.of(), "route0");
        Op mut = Op.mutate("Logical_Router", List.of(), Mutation.insert("static_routes", ins.ref()));
        Op sel = Op.select("NB_Global", List.of(), "name");
        TxResult r = TxReplies.parse(
                List.of(ins, mut, sel, Op.comment("c")),
                json("[{'uuid':['uuid','" + U1 + "']},{'count':1},{'rows':[{'name':'global'}]},{}]"),
                Duration.ofMillis(3));
        assertThat(r.uuidOf("route0")).isEqualTo(U1);
        assertThat(r.count(1)).isEqualTo(1);
        assertThat(r.get(2).rows()).extracting(x -> x.string("name")).containsExactly("global");
        assertThat(r.get(3).insertedUuid()).isEmpty();
        assertThat(r.roundTrip()).isEqualTo(Duration.ofMillis(3));
    }

    @Test
    void aFailedOperationIsNamedWithTheServersErrorAndKind() throws Exception {
        Op.Insert ins = Op.insert("Logical_Router_Static_Route", Map.of(), "route0");
        Op wait = new Op.Wait("Logical_Router", List.of(), List.of("name"), Op.Wait.Until.EQ, List.of(), 0L);
        TransactionException e = failure(List.of(ins, wait), "[{'uuid':['uuid','" + U1 + "']},{'error':'timed out'}]");
        assertThat(e.kind()).isEqualTo(TransactionException.Kind.TIMED_OUT);
        assertThat(e.failedOpIndex()).isEqualTo(1);
        assertThat(e.failedOp()).isSameAs(wait);
        assertThat(e.outcomeUnknown()).isFalse();
        assertThat(e)
                .hasMessageContaining("operation 1 of 2 (wait until Logical_Router")
                .hasMessageContaining("timed out");

        e = failure(
                List.of(ins, wait),
                "[{'error':'constraint violation','details':'bogus is not one of the allowed " + "values'},null]");
        assertThat(e.kind()).isEqualTo(TransactionException.Kind.CONSTRAINT_VIOLATION);
        assertThat(e.failedOp()).isSameAs(ins);
        assertThat(e.details()).contains("allowed values");
        assertThat(e).hasMessageContaining("operation 0 of 2 (insert into Logical_Router_Static_Route as route0)");

        // a commit-time failure comes as one element past the operations
        e = failure(
                List.of(ins),
                "[{'uuid':['uuid','" + U1 + "']},{'error':'referential integrity violation',"
                        + "'details':'cannot delete'}]");
        assertThat(e.kind()).isEqualTo(TransactionException.Kind.REFERENTIAL_INTEGRITY_VIOLATION);
        assertThat(e.failedOpIndex()).isEqualTo(1);
        assertThat(e.failedOp()).isNull();
        assertThat(e).hasMessageContaining("the commit after all 1 operations");

        assertThat(failure(List.of(ins), "[{'error':'not leader'}]").kind())
                .isEqualTo(TransactionException.Kind.NOT_LEADER);
        assertThat(failure(List.of(ins), "[{'error':'syntax error','details':'x'}]")
                        .kind())
                .isEqualTo(TransactionException.Kind.SERVER_ERROR);
    }

    private static TransactionException failure(List<Op> ops, String results) throws Exception {
        JsonNode r = json(results);
        try {
            TxReplies.parse(ops, r, Duration.ZERO);
        } catch (TransactionException e) {
            return e;
        }
        throw new AssertionError("expected a failure for " + results);
    }

    @Test
    void tableUpdatesFlattenToRowChanges() throws Exception {
        List<RowUpdate> u = TableUpdates.parse(json("{'Logical_Router':{'" + U1 + "':{'new':{'name':'GR_node1'}}," + "'"
                + U2 + "':{'old':{'name':'a'},'new':{'name':'b'}}},'BFD':{'" + U1 + "':{'old':{'dst_ip':'x'}}}}"));
        assertThat(u)
                .extracting(RowUpdate::kind)
                .containsExactly(RowUpdate.Kind.INSERT, RowUpdate.Kind.MODIFY, RowUpdate.Kind.DELETE);
        assertThat(u.get(1).row().string("name")).isEqualTo("b");
        assertThat(u.get(2).table()).isEqualTo("BFD");
    }

    @Test
    void monitorRequestNamesColumnsAndAllFourSelects() throws Exception {
        JsonNode p = OvsdbJson.monitorParams(
                "OVN_Northbound", "m1", List.of(new MonitorRequest("NB_Global", List.of("name", "options"))));
        assertThat(p)
                .isEqualTo(json("['OVN_Northbound','m1',{'NB_Global':[{'columns':['name','options'],"
                        + "'select':{'initial':true,'insert':true,'delete':true,'modify':true}}]}]"));
    }
}
