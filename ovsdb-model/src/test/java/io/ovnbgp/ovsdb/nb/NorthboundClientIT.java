package io.ovnbgp.ovsdb.nb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ovnbgp.e2e.harness.Command;
import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.OvnDatabases;
import io.ovnbgp.e2e.harness.RealDaemons;
import io.ovnbgp.ovsdb.client.Condition;
import io.ovnbgp.ovsdb.client.Op;
import io.ovnbgp.ovsdb.client.TransactionException;
import io.ovnbgp.ovsdb.client.TxResult;
import io.ovnbgp.ovsdb.client.Uuid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Against a real ovsdb-server serving the OVN NB schema Debian ships. */
@ExtendWith(RealDaemons.class)
class NorthboundClientIT {
    private static final Duration T = Duration.ofSeconds(10);
    private static final String OWNER = "ovn-bgp-bridge/owner";
    private static final Map<String, String> OURS = Map.of(OWNER, "node1");

    private static NorthboundClient started(String remote, Recorder rec) throws InterruptedException {
        NorthboundClient c = NorthboundClient.start(NorthboundOptions.parse(remote), rec);
        assertThat(c.awaitSynced(T))
                .as("synced from " + remote + ": " + c.state())
                .isTrue();
        return c;
    }

    @Test
    void insertsARouteAndReferencesItFromTheRouterInOneTransaction(Daemons daemons) throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        ovn.nbctl("lr-add", "GR_node1");
        Recorder rec = new Recorder();
        try (NorthboundClient nb = started(ovn.nbRemote(), rec)) {
            LogicalRouter gr = nb.snapshot().router("GR_node1").orElseThrow();
            assertThat(gr.staticRoutes()).isEmpty();

            TxResult r = nb.transact(
                    NbOps.addStaticRoute(gr.uuid(), StaticRouteSpec.of("10.1.0.0/16", "192.168.1.2", OURS), "route0"),
                    T);
            Uuid route = r.uuidOf("route0");
            assertThat(r.count(1)).as("routers mutated").isEqualTo(1);

            await().atMost(T)
                    .until(() -> nb.snapshot().staticRoute(route).isPresent()
                            && nb.snapshot()
                                    .router("GR_node1")
                                    .orElseThrow()
                                    .staticRoutes()
                                    .contains(route));
            StaticRoute seen = nb.snapshot().staticRoute(route).orElseThrow();
            assertThat(seen.ipPrefix()).isEqualTo("10.1.0.0/16");
            assertThat(seen.nexthop()).isEqualTo("192.168.1.2");
            assertThat(seen.externalIds()).isEqualTo(OURS);
            assertThat(seen.outputPort()).isEmpty();
            assertThat(nb.snapshot().routerOf(route)).map(LogicalRouter::name).contains("GR_node1");
            assertThat(ovn.nbctl("lr-route-list", "GR_node1"))
                    .contains("10.1.0.0/16")
                    .contains("192.168.1.2");
            assertThat(ovn.nbctl("get", "Logical_Router_Static_Route", route.toString(), "external_ids"))
                    .contains("node1");
            await().atMost(T)
                    .until(() -> rec.sawChange(
                            c -> c.kind() == RowChange.Kind.INSERTED && c.uuid().equals(route)));

            // round trip of small transactions, one at a time (what the writer does)
            List<Long> micros = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                Map<String, String> ids = new LinkedHashMap<>(OURS);
                ids.put("seq", Integer.toString(i));
                TxResult u = nb.transact(
                        List.of(Op.update(
                                StaticRoute.TABLE, List.of(Condition.uuidIs(route)), Map.of("external_ids", ids))),
                        T);
                assertThat(u.count(0)).isEqualTo(1);
                micros.add(u.roundTrip().toNanos() / 1000);
            }
            Collections.sort(micros);
            System.out.printf(
                    "MEASURE transact round trip over unix (300 single-row updates): median %d us, "
                            + "p90 %d us, p99 %d us, max %d us%n",
                    micros.get(150), micros.get(270), micros.get(297), micros.get(299));
            await().atMost(T)
                    .until(() -> "299"
                            .equals(nb.snapshot()
                                    .staticRoute(route)
                                    .orElseThrow()
                                    .externalIds()
                                    .get("seq")));
        }
    }

    @Test
    void changesMadeByOvnNbctlArriveAsNotificationsAndInTheSnapshot(Daemons daemons) throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        ovn.nbctl("lr-add", "GR_node1");
        Recorder rec = new Recorder();
        try (NorthboundClient nb = started(ovn.nbTcpRemote(), rec)) {
            ovn.nbctl("--ecmp", "lr-route-add", "GR_node1", "10.2.0.0/16", "192.168.1.5");
            ovn.nbctl("--ecmp", "lr-route-add", "GR_node1", "10.2.0.0/16", "192.168.1.6");
            await().atMost(T)
                    .until(() -> nb.snapshot().staticRoutesOf("GR_node1").size() == 2);
            assertThat(nb.snapshot().staticRoutesOf("GR_node1"))
                    .extracting(StaticRoute::nexthop)
                    .containsExactlyInAnyOrder("192.168.1.5", "192.168.1.6");
            await().atMost(T)
                    .until(() -> rec.changes().stream()
                                    .filter(c ->
                                            c.kind() == RowChange.Kind.INSERTED && c.table() == NbTable.STATIC_ROUTE)
                                    .count()
                            == 2);
            assertThat(rec.sawChange(c -> c.kind() == RowChange.Kind.MODIFIED && c.table() == NbTable.LOGICAL_ROUTER))
                    .isTrue();

            Uuid five = nb.snapshot().staticRoutesOf("GR_node1").stream()
                    .filter(s -> s.nexthop().equals("192.168.1.5"))
                    .findFirst()
                    .orElseThrow()
                    .uuid();
            ovn.nbctl("set", "Logical_Router_Static_Route", five.toString(), "nexthop=192.168.1.7");
            await().atMost(T)
                    .until(() -> rec.sawChange(
                            c -> c.kind() == RowChange.Kind.MODIFIED && c.uuid().equals(five)));
            RowChange edit = rec.changes().stream()
                    .filter(c -> c.kind() == RowChange.Kind.MODIFIED && c.uuid().equals(five))
                    .findFirst()
                    .orElseThrow();
            assertThat(((StaticRoute) edit.before()).nexthop()).isEqualTo("192.168.1.5");
            assertThat(((StaticRoute) edit.after()).nexthop()).isEqualTo("192.168.1.7");
            assertThat(nb.snapshot().staticRoute(five).orElseThrow().nexthop()).isEqualTo("192.168.1.7");

            ovn.nbctl("lr-route-del", "GR_node1", "10.2.0.0/16");
            await().atMost(T)
                    .until(() -> rec.changes().stream()
                                    .filter(c ->
                                            c.kind() == RowChange.Kind.DELETED && c.table() == NbTable.STATIC_ROUTE)
                                    .count()
                            == 2);
            assertThat(nb.snapshot().staticRoutes()).isEmpty();

            // other tables of the cache
            ovn.nbctl("ls-add", "node1", "--", "set", "Logical_Switch", "node1", "other_config:subnet=10.244.0.0/24");
            ovn.nbctl("lrp-add", "GR_node1", "rtoe-GR_node1", "0a:58:0a:00:00:01", "172.18.0.2/16");
            ovn.nbctl("lb-add", "Service_default/web_TCP_cluster", "10.96.0.10:80", "10.244.0.5:8080", "tcp");
            await().atMost(T)
                    .until(() -> nb.snapshot().routerPort("rtoe-GR_node1").isPresent()
                            && nb.snapshot().logicalSwitch("node1").isPresent()
                            && !nb.snapshot()
                                    .loadBalancersNamed("Service_default/web_TCP_cluster")
                                    .isEmpty());
            assertThat(nb.snapshot().logicalSwitch("node1").orElseThrow().otherConfig())
                    .containsEntry("subnet", "10.244.0.0/24");
            LogicalRouterPort port = nb.snapshot().routerPort("rtoe-GR_node1").orElseThrow();
            assertThat(port.networks()).containsExactly("172.18.0.2/16");
            assertThat(port.mac()).isEqualTo("0a:58:0a:00:00:01");
            assertThat(nb.snapshot().router("GR_node1").orElseThrow().ports()).contains(port.uuid());
            assertThat(nb.snapshot()
                            .loadBalancersNamed("Service_default/web_TCP_cluster")
                            .get(0)
                            .vips())
                    .containsEntry("10.96.0.10:80", "10.244.0.5:8080");

            // every listener call ran on the client's event thread, never on Netty's
            assertThat(rec.threads()).containsOnly("nb-events");
        }
    }

    @Test
    void aFailingWaitOrConstraintAbortsTheWholeTransactionNamingTheOperation(Daemons daemons) throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        ovn.nbctl("lr-add", "GR_node1");
        try (NorthboundClient nb = started(ovn.nbRemote(), new Recorder())) {
            LogicalRouter stale = nb.snapshot().router("GR_node1").orElseThrow();
            // someone else adds a route after we took our view
            ovn.nbctl("lr-route-add", "GR_node1", "10.9.0.0/16", "192.168.1.9");

            // the guard goes first: operations see the effects of the ones before them in the transaction
            List<Op> ops = new ArrayList<>();
            ops.add(NbOps.waitRouterRoutesUnchanged(stale));
            ops.addAll(NbOps.addStaticRoute(
                    stale.uuid(), StaticRouteSpec.of("10.1.0.0/16", "192.168.1.2", OURS), "route0"));
            assertThatThrownBy(() -> nb.transact(ops, T)).isInstanceOfSatisfying(TransactionException.class, e -> {
                assertThat(e.kind()).isEqualTo(TransactionException.Kind.TIMED_OUT);
                assertThat(e.failedOpIndex()).isZero();
                assertThat(e.failedOp()).isInstanceOf(Op.Wait.class);
                assertThat(e.outcomeUnknown()).isFalse();
                assertThat(e).hasMessageContaining("operation 0 of 3 (wait until Logical_Router");
            });
            // nothing of it committed: the insert and the mutate went with the wait
            assertThat(ovn.nbctl("lr-route-list", "GR_node1"))
                    .contains("10.9.0.0/16")
                    .doesNotContain("10.1.0.0/16");
            assertThat(ovn.nbctl("--bare", "--columns=ip_prefix", "list", "Logical_Router_Static_Route")
                            .trim())
                    .isEqualTo("10.9.0.0/16");

            // with a fresh view the same guard passes
            await().atMost(T)
                    .until(() -> nb.snapshot()
                                    .router("GR_node1")
                                    .orElseThrow()
                                    .staticRoutes()
                                    .size()
                            == 1);
            List<Op> retry = new ArrayList<>();
            retry.add(NbOps.waitRouterRoutesUnchanged(
                    nb.snapshot().router("GR_node1").orElseThrow()));
            retry.addAll(NbOps.addStaticRoute(
                    stale.uuid(), StaticRouteSpec.of("10.1.0.0/16", "192.168.1.2", OURS), "route0"));
            Uuid ours = nb.transact(retry, T).uuidOf("route0");

            // a value the schema refuses: the operation is named
            StaticRouteSpec bad = new StaticRouteSpec(
                    "10.4.0.0/16",
                    "192.168.1.4",
                    Optional.empty(),
                    Optional.of("bogus"),
                    "",
                    Optional.empty(),
                    Map.of(),
                    OURS);
            assertThatThrownBy(() -> nb.transact(NbOps.addStaticRoute(stale.uuid(), bad, "route1"), T))
                    .isInstanceOfSatisfying(TransactionException.class, e -> {
                        assertThat(e.kind()).isEqualTo(TransactionException.Kind.CONSTRAINT_VIOLATION);
                        assertThat(e.failedOpIndex()).isZero();
                        assertThat(e.failedOp()).isInstanceOf(Op.Insert.class);
                    })
                    .hasMessageContaining("insert into Logical_Router_Static_Route as route1");

            // an index collision is found at commit, after every operation succeeded
            ovn.nbctl("lrp-add", "GR_node1", "rtoe-GR_node1", "0a:58:0a:00:00:01", "172.18.0.2/16");
            Op.Insert dup = Op.insert(
                    LogicalRouterPort.TABLE,
                    Map.of("name", "rtoe-GR_node1", "mac", "0a:58:0a:00:00:02", "networks", Set.of("172.18.0.3/16")),
                    "p");
            assertThatThrownBy(() -> nb.transact(
                            List.of(
                                    dup,
                                    Op.mutate(
                                            LogicalRouter.TABLE,
                                            List.of(Condition.uuidIs(stale.uuid())),
                                            io.ovnbgp.ovsdb.client.Mutation.insert("ports", dup.ref()))),
                            T))
                    .isInstanceOfSatisfying(TransactionException.class, e -> {
                        assertThat(e.kind()).isEqualTo(TransactionException.Kind.CONSTRAINT_VIOLATION);
                        assertThat(e.failedOpIndex()).isEqualTo(2);
                        assertThat(e.failedOp()).isNull();
                    })
                    .hasMessageContaining("the commit after all 2 operations");

            // deleting a route the router still references strongly
            assertThatThrownBy(() ->
                            nb.transact(List.of(Op.delete(StaticRoute.TABLE, List.of(Condition.uuidIs(ours)))), T))
                    .isInstanceOfSatisfying(
                            TransactionException.class,
                            e -> assertThat(e.kind())
                                    .isEqualTo(TransactionException.Kind.REFERENTIAL_INTEGRITY_VIOLATION));

            // removing the reference is what deletes a route (the table is not a root)
            nb.transact(List.of(NbOps.removeStaticRoutes(stale.uuid(), List.of(ours))), T);
            await().atMost(T).until(() -> nb.snapshot().staticRoute(ours).isEmpty());
            assertThat(ovn.nbctl("lr-route-list", "GR_node1")).doesNotContain("10.1.0.0/16");
        }
    }

    @Test
    void aRouteInsertedWithItsOwnUuidCannotBeInsertedTwice(Daemons daemons) throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        ovn.nbctl("lr-add", "GR_node1");
        try (NorthboundClient nb = started(ovn.nbRemote(), new Recorder())) {
            Uuid gr = nb.snapshot().router("GR_node1").orElseThrow().uuid();
            Uuid chosen = Uuid.of("0b6e1b1e-0000-4000-8000-000000000001");
            StaticRouteSpec spec = StaticRouteSpec.of("10.1.0.0/16", "192.168.1.2", OURS);
            Op.Insert first = NbOps.insertStaticRoute(spec, "r0", chosen);
            assertThat(nb.transact(List.of(first, NbOps.referenceStaticRoutes(gr, List.of(first.ref()))), T)
                            .uuidOf("r0"))
                    .isEqualTo(chosen);
            // the retry of a commit whose answer was lost, or a writer with a stale view: refused, not duplicated
            Op.Insert again = NbOps.insertStaticRoute(spec, "r0", chosen);
            assertThatThrownBy(() ->
                            nb.transact(List.of(again, NbOps.referenceStaticRoutes(gr, List.of(again.ref()))), T))
                    .isInstanceOfSatisfying(TransactionException.class, e -> {
                        assertThat(e.failedOpIndex()).isZero();
                        assertThat(e).hasMessageContaining("duplicate uuid");
                    });
            assertThat(ovn.nbctl("--bare", "--columns=_uuid", "list", "Logical_Router_Static_Route")
                            .trim())
                    .isEqualTo(chosen.toString());
            // once the row is gone, its uuid may be used again
            nb.transact(List.of(NbOps.removeStaticRoutes(gr, List.of(chosen))), T);
            Op.Insert later = NbOps.insertStaticRoute(spec, "r0", chosen);
            nb.transact(List.of(later, NbOps.referenceStaticRoutes(gr, List.of(later.ref()))), T);
            assertThat(ovn.nbctl("--bare", "--columns=_uuid", "list", "Logical_Router_Static_Route")
                            .trim())
                    .isEqualTo(chosen.toString());
        }
    }

    @Test
    void reconnectsAfterTheServerIsKilledAndResyncsToWhatItHoldsNow(Daemons daemons) throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        ovn.nbctl("lr-add", "GR_node1");
        ovn.nbctl("lr-route-add", "GR_node1", "10.8.0.0/16", "192.168.1.8");
        Recorder rec = new Recorder();
        try (NorthboundClient nb = started(ovn.nbRemote(), rec)) {
            LogicalRouter gr = nb.snapshot().router("GR_node1").orElseThrow();
            Uuid ours = nb.transact(
                            NbOps.addStaticRoute(
                                    gr.uuid(), StaticRouteSpec.of("10.1.0.0/16", "192.168.1.2", OURS), "route0"),
                            T)
                    .uuidOf("route0");
            await().atMost(T).until(() -> nb.snapshot().staticRoute(ours).isPresent());
            long generation = nb.snapshot().generation();

            ovn.killNorthbound();
            await().atMost(T).until(() -> !nb.isReady() && !rec.disconnects().isEmpty());
            assertThatThrownBy(() -> nb.transact(List.of(Op.comment("x")), T))
                    .isInstanceOfSatisfying(
                            TransactionException.class,
                            e -> assertThat(e.kind()).isEqualTo(TransactionException.Kind.NOT_CONNECTED));

            // while it is down the database changes behind our back: our route goes, another comes
            String edit = ("['OVN_Northbound',"
                            + "{'op':'mutate','table':'Logical_Router','where':[['name','==','GR_node1']],"
                            + "'mutations':[['static_routes','delete',['uuid','" + ours + "']],"
                            + "['static_routes','insert',['named-uuid','c']]]},"
                            + "{'op':'insert','table':'Logical_Router_Static_Route','uuid-name':'c',"
                            + "'row':{'ip_prefix':'10.3.0.0/16','nexthop':'192.168.1.3'}}]")
                    .replace('\'', '"');
            Command.run(List.of("ovsdb-tool", "transact", ovn.nbDatabaseFile().toString(), edit), ovn.env(), T)
                    .orThrow();

            long t0 = System.nanoTime();
            ovn.startNorthbound();
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> nb.isReady() && rec.resyncs().size() == 2);
            System.out.printf(
                    "MEASURE NB restart -> client resynced: %d ms (back-off from 0.5 s)%n",
                    (System.nanoTime() - t0) / 1_000_000);

            NbSnapshot s = nb.snapshot();
            assertThat(s.generation()).isEqualTo(generation + 1);
            assertThat(sameRows(rec.resyncs().get(1), s)).isTrue();
            assertThat(s.staticRoute(ours)).isEmpty();
            assertThat(s.staticRoutesOf("GR_node1"))
                    .extracting(StaticRoute::ipPrefix)
                    .containsExactlyInAnyOrder("10.8.0.0/16", "10.3.0.0/16");
            assertCacheEqualsServer(ovn, s);

            // and it writes again
            nb.transact(
                    NbOps.addStaticRoute(gr.uuid(), StaticRouteSpec.of("10.1.0.0/16", "192.168.1.2", OURS), "route0"),
                    T);
            assertThat(ovn.nbctl("lr-route-list", "GR_node1")).contains("10.1.0.0/16");
        }
    }

    @Test
    void tenThousandRoutesInOneTransactionThenAResyncOfThem(Daemons daemons) throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        ovn.nbctl("lr-add", "GR_node1");
        Recorder rec = new Recorder();
        try (NorthboundClient nb = started(ovn.nbRemote(), rec)) {
            LogicalRouter gr = nb.snapshot().router("GR_node1").orElseThrow();
            int n = 10_000;
            List<Op> ops = new ArrayList<>();
            List<Object> refs = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Op.Insert ins = Op.insert(
                        StaticRoute.TABLE,
                        StaticRouteSpec.of("10." + (i / 256) + "." + (i % 256) + ".0/24", "192.168.1.2", OURS)
                                .row(),
                        "r" + i);
                ops.add(ins);
                refs.add(ins.ref());
            }
            ops.add(Op.mutate(
                    LogicalRouter.TABLE,
                    List.of(Condition.uuidIs(gr.uuid())),
                    io.ovnbgp.ovsdb.client.Mutation.insert("static_routes", refs.toArray())));
            TxResult r = nb.transact(ops, Duration.ofSeconds(60));
            assertThat(r.results()).hasSize(n + 1);
            long t0 = System.nanoTime();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> nb.snapshot().staticRoutesOf("GR_node1").size() == n);
            System.out.printf(
                    "MEASURE one transaction inserting %d routes + 1 mutate: round trip %d ms; update "
                            + "in the cache %d ms after the reply%n",
                    n, r.roundTrip().toMillis(), (System.nanoTime() - t0) / 1_000_000);

            ovn.killNorthbound();
            await().atMost(T).until(() -> !nb.isReady());
            long t1 = System.nanoTime();
            ovn.startNorthbound();
            long started = System.nanoTime();
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> nb.isReady() && rec.resyncs().size() == 2);
            System.out.printf(
                    "MEASURE resync of %d routes after an NB restart: server restart %d ms, then client "
                            + "synced %d ms later (includes the back-off wait)%n",
                    n, (started - t1) / 1_000_000, (System.nanoTime() - started) / 1_000_000);
            assertThat(nb.snapshot().staticRoutesOf("GR_node1")).hasSize(n);
            assertCacheEqualsServer(ovn, nb.snapshot());
        }
    }

    /** Compares every cached table with {@code ovsdb-client dump}: same rows (by uuid) and same values. */
    static void assertCacheEqualsServer(OvnDatabases ovn, NbSnapshot s) throws Exception {
        ObjectMapper m = new ObjectMapper();
        for (NbTable t : NbTable.values()) {
            List<String> argv = new ArrayList<>(List.of(
                    "ovsdb-client", "--format=json", "dump", ovn.nbRemote(), "OVN_Northbound", t.tableName(), "_uuid"));
            argv.addAll(t.columns());
            String out = Command.run(argv, ovn.env(), T).orThrow().stdout();
            JsonNode dump = m.readTree(out);
            List<String> headings = new ArrayList<>();
            dump.get("headings").forEach(h -> headings.add(h.asText()));
            Map<Uuid, Map<String, String>> server = new HashMap<>();
            for (JsonNode row : dump.get("data")) {
                Uuid u = Uuid.of(row.get(headings.indexOf("_uuid")).get(1).asText());
                Map<String, String> cols = new HashMap<>();
                for (int i = 0; i < headings.size(); i++) {
                    cols.put(headings.get(i), row.get(i).toString());
                }
                server.put(u, cols);
            }
            assertThat(new HashSet<>(s.rows(t).keySet()))
                    .as(t.tableName() + " rows")
                    .isEqualTo(server.keySet());
            for (NbRow r : s.rows(t).values()) {
                if (r instanceof StaticRoute sr) {
                    Map<String, String> cols = server.get(sr.uuid());
                    assertThat(cols.get("ip_prefix")).isEqualTo("\"" + sr.ipPrefix() + "\"");
                    assertThat(cols.get("nexthop")).isEqualTo("\"" + sr.nexthop() + "\"");
                } else if (r instanceof LogicalRouter lr) {
                    Map<String, String> cols = server.get(lr.uuid());
                    assertThat(cols.get("name")).isEqualTo("\"" + lr.name() + "\"");
                    for (Uuid route : lr.staticRoutes()) {
                        assertThat(cols.get("static_routes")).contains(route.toString());
                    }
                }
            }
        }
    }

    /** Same rows in every table (generation not compared). */
    private static boolean sameRows(NbSnapshot a, NbSnapshot b) {
        for (NbTable t : NbTable.values()) {
            if (!a.rows(t).equals(b.rows(t))) {
                return false;
            }
        }
        return true;
    }
}
