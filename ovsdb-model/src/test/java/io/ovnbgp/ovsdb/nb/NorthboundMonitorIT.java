package io.ovnbgp.ovsdb.nb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.OvnDatabases;
import io.ovnbgp.e2e.harness.RealDaemons;
import io.ovnbgp.ovsdb.client.Condition;
import io.ovnbgp.ovsdb.client.Op;
import io.ovnbgp.ovsdb.client.OvsdbRemote;
import io.ovnbgp.ovsdb.client.OvsdbSession;
import io.ovnbgp.ovsdb.client.Uuid;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The monitor methods against a real standalone ovsdb-server (which offers all three): update2 diffs of set and
 * map columns, conditions that keep another node's rows out, finished calls that keep nothing, and a listener
 * that falls behind.
 */
@ExtendWith(RealDaemons.class)
class NorthboundMonitorIT {
    private static final Duration T = Duration.ofSeconds(10);
    private static final String OWNER = "ovn-bgp-bridge/owner";
    private static final Map<String, String> NODE1 = Map.of(OWNER, "node1");
    private static final Map<String, String> NODE2 = Map.of(OWNER, "node2");
    private static final NbScope SCOPE = new NbScope("GR_node1", "node1", "rtoe-GR_node1", OWNER, "node1");
    private static final Pattern UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

    /** Two nodes' routers, switches, ports, BFD rows and a load balancer. */
    private static void twoNodes(OvnDatabases ovn) {
        ovn.nbctl("lr-add", "GR_node1", "--", "lr-add", "GR_node2", "--", "ls-add", "node1", "--", "ls-add", "node2");
        ovn.nbctl("lrp-add", "GR_node1", "rtoe-GR_node1", "02:00:00:00:00:01", "172.18.0.2/16");
        ovn.nbctl("lrp-add", "GR_node2", "rtoe-GR_node2", "02:00:00:00:00:02", "172.18.0.3/16");
        ovn.nbctl("lb-add", "lb0", "10.96.0.1:80", "10.1.1.1:80");
        // on node1's port but foreign: kept (its (logical_port, dst_ip) could collide with ours)
        ovn.nbctl("create", "BFD", "logical_port=rtoe-GR_node1", "dst_ip=172.18.0.9");
        // node1's on another port: kept; node2's: out
        ovn.nbctl(
                "create",
                "BFD",
                "logical_port=elsewhere",
                "dst_ip=172.18.0.10",
                "external_ids:\"" + OWNER + "\"=node1");
        ovn.nbctl(
                "create",
                "BFD",
                "logical_port=rtoe-GR_node2",
                "dst_ip=172.18.0.11",
                "external_ids:\"" + OWNER + "\"=node2");
    }

    private static Uuid uuidOf(OvnDatabases ovn, String table, String name) {
        return Uuid.of(ovn.nbctl("get", table, name, "_uuid").trim());
    }

    private static Set<Uuid> uuids(String nbctlOutput) {
        Set<Uuid> out = new HashSet<>();
        Matcher m = UUID.matcher(nbctlOutput);
        while (m.find()) {
            out.add(Uuid.of(m.group()));
        }
        return out;
    }

    /** {@code {a=b, "c/d"=e}} as ovn-nbctl prints a map. */
    private static Map<String, String> map(String nbctlOutput) {
        String s = nbctlOutput.trim();
        Map<String, String> out = new LinkedHashMap<>();
        s = s.substring(1, s.length() - 1).trim();
        if (s.isEmpty()) {
            return out;
        }
        for (String pair : s.split(", ")) {
            String[] kv = pair.split("=", 2);
            out.put(kv[0].replace("\"", ""), kv[1].replace("\"", ""));
        }
        return out;
    }

    /** The cache holds exactly the server's GR_node1 with its routes, each route's columns as the server's. */
    private static boolean cacheMatchesServer(NorthboundClient nb, OvnDatabases ovn) {
        NbSnapshot s = nb.snapshot();
        LogicalRouter gr = s.router("GR_node1").orElse(null);
        if (gr == null) {
            return false;
        }
        Set<Uuid> routes = uuids(ovn.nbctl("get", "Logical_Router", "GR_node1", "static_routes"));
        if (!gr.staticRoutes().equals(routes)
                || !gr.options().equals(map(ovn.nbctl("get", "Logical_Router", "GR_node1", "options")))) {
            return false;
        }
        for (Uuid r : routes) {
            StaticRoute c = s.staticRoute(r).orElse(null);
            if (c == null
                    || !c.externalIds()
                            .equals(map(ovn.nbctl("get", "Logical_Router_Static_Route", r.toString(), "external_ids")))
                    || !c.ipPrefix()
                            .equals(ovn.nbctl("get", "Logical_Router_Static_Route", r.toString(), "ip_prefix")
                                    .trim()
                                    .replace("\"", ""))) {
                return false;
            }
        }
        // a scoped cache holds no other route; a plain monitor's holds every router's
        return nb.monitorStats().inUse() == MonitorMode.MONITOR
                || s.staticRoutes().keySet().equals(routes);
    }

    @ParameterizedTest
    @EnumSource(
            value = MonitorMode.class,
            names = {"MONITOR_COND_SINCE", "MONITOR_COND", "MONITOR"})
    void eachForcedModeKeepsTheCacheEqualToTheServer(MonitorMode mode, Daemons daemons) throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        twoNodes(ovn);
        Uuid gr2 = uuidOf(ovn, "Logical_Router", "GR_node2");
        NorthboundOptions opts =
                NorthboundOptions.parse(ovn.nbRemote()).withMonitorMode(mode).withScope(SCOPE);
        try (NorthboundClient nb = NorthboundClient.start(opts, new Recorder())) {
            assertThat(nb.awaitSynced(T)).as(nb.state().toString()).isTrue();
            assertThat(nb.monitorStats().inUse()).isEqualTo(mode);
            Uuid gr1 = nb.snapshot().router("GR_node1").orElseThrow().uuid();

            Uuid r1 = nb.transact(
                            NbOps.addStaticRoute(gr1, StaticRouteSpec.of("10.1.0.0/16", "172.18.0.5", NODE1), "r"), T)
                    .uuidOf("r");
            Uuid r2 = nb.transact(
                            NbOps.addStaticRoute(gr1, StaticRouteSpec.of("10.2.0.0/16", "172.18.0.5", NODE1), "r"), T)
                    .uuidOf("r");
            Uuid foreign = nb.transact(
                            NbOps.addStaticRoute(gr2, StaticRouteSpec.of("10.9.0.0/16", "172.18.0.6", NODE2), "r"), T)
                    .uuidOf("r");
            await().atMost(T)
                    .until(() -> cacheMatchesServer(nb, ovn)
                            && nb.snapshot().staticRoutesOf("GR_node1").size() == 2);

            // map column: add a key, replace its value, remove it; on the router and on a route
            ovn.nbctl("set", "Logical_Router", "GR_node1", "options:chassis=c1");
            ovn.nbctl("set", "Logical_Router_Static_Route", r1.toString(), "external_ids:extra=a");
            await().atMost(T)
                    .until(() -> cacheMatchesServer(nb, ovn)
                            && "a"
                                    .equals(nb.snapshot()
                                            .staticRoute(r1)
                                            .orElseThrow()
                                            .externalIds()
                                            .get("extra")));
            ovn.nbctl("set", "Logical_Router", "GR_node1", "options:chassis=c2");
            ovn.nbctl("set", "Logical_Router_Static_Route", r1.toString(), "external_ids:extra=b");
            await().atMost(T)
                    .until(() -> cacheMatchesServer(nb, ovn)
                            && "b"
                                    .equals(nb.snapshot()
                                            .staticRoute(r1)
                                            .orElseThrow()
                                            .externalIds()
                                            .get("extra")));
            ovn.nbctl("remove", "Logical_Router_Static_Route", r1.toString(), "external_ids", "extra");
            ovn.nbctl("remove", "Logical_Router", "GR_node1", "options", "chassis");
            await().atMost(T)
                    .until(() -> cacheMatchesServer(nb, ovn)
                            && nb.snapshot()
                                    .router("GR_node1")
                                    .orElseThrow()
                                    .options()
                                    .isEmpty()
                            && nb.snapshot()
                                    .staticRoute(r1)
                                    .orElseThrow()
                                    .externalIds()
                                    .equals(NODE1));

            // optional column (at most one value): update2 sends its new value, not the values to toggle
            ovn.nbctl("set", "Logical_Router_Static_Route", r1.toString(), "policy=src-ip");
            await().atMost(T).until(() -> policyOf(nb, r1).equals(Optional.of("src-ip")));
            ovn.nbctl("set", "Logical_Router_Static_Route", r1.toString(), "policy=dst-ip");
            await().atMost(T).until(() -> policyOf(nb, r1).equals(Optional.of("dst-ip")));
            ovn.nbctl("clear", "Logical_Router_Static_Route", r1.toString(), "policy");
            await().atMost(T).until(() -> policyOf(nb, r1).isEmpty());

            // set column: one route out (and deleted with it), two in at once
            nb.transact(List.of(NbOps.removeStaticRoutes(gr1, List.of(r1))), T);
            nb.transact(NbOps.addStaticRoute(gr1, StaticRouteSpec.of("10.3.0.0/16", "172.18.0.5", NODE1), "r"), T);
            await().atMost(T)
                    .until(() -> cacheMatchesServer(nb, ovn)
                            && nb.snapshot().staticRoute(r1).isEmpty()
                            && nb.snapshot()
                                            .router("GR_node1")
                                            .orElseThrow()
                                            .staticRoutes()
                                            .size()
                                    == 2
                            && nb.snapshot()
                                    .router("GR_node1")
                                    .orElseThrow()
                                    .staticRoutes()
                                    .contains(r2));

            NbSnapshot s = nb.snapshot();
            if (mode == MonitorMode.MONITOR) {
                // a plain monitor cannot filter: everything is there
                assertThat(s.router("GR_node2")).isPresent();
                assertThat(s.staticRoute(foreign)).isPresent();
            } else {
                assertThat(s.routers().values()).extracting(LogicalRouter::name).containsExactly("GR_node1");
                assertThat(s.staticRoute(foreign)).isEmpty();
                assertThat(s.staticRoutes().values())
                        .allSatisfy(r -> assertThat(r.externalIds()).containsEntry(OWNER, "node1"));
                assertThat(s.switches().values())
                        .extracting(LogicalSwitch::name)
                        .containsExactly("node1");
                assertThat(s.routerPorts().values())
                        .extracting(LogicalRouterPort::name)
                        .containsExactly("rtoe-GR_node1");
                assertThat(s.bfds().values())
                        .extracting(Bfd::dstIp)
                        .containsExactlyInAnyOrder("172.18.0.9", "172.18.0.10");
                assertThat(s.loadBalancers()).isEmpty();
                assertThat(s.nbGlobal()).isEmpty();
            }
        }
    }

    @Test
    void autoPicksMonitorCondSinceAndFinishedCallsKeepNothing(Daemons daemons) throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        ovn.nbctl("lr-add", "GR_node1");
        try (NorthboundClient nb = NorthboundClient.start(NorthboundOptions.parse(ovn.nbRemote()), new Recorder())) {
            assertThat(nb.awaitSynced(T)).as(nb.state().toString()).isTrue();
            NorthboundClient.MonitorStats st = nb.monitorStats();
            assertThat(st.inUse()).isEqualTo(MonitorMode.MONITOR_COND_SINCE);
            assertThat(st.fullDumps()).isEqualTo(1);
            assertThat(st.resumes()).isZero();
            assertThat(st.bytesReceived()).isPositive();
            // a standalone database keeps no history: its transaction id is all zeros
            assertThat(st.lastTxnId()).isEqualTo("00000000-0000-0000-0000-000000000000");

            Uuid gr = nb.snapshot().router("GR_node1").orElseThrow().uuid();
            List<WeakReference<List<Op>>> sent = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                List<Op> ops =
                        NbOps.addStaticRoute(gr, StaticRouteSpec.of("10.0." + i + ".0/24", "172.18.0.5", NODE1), "r");
                nb.transact(ops, T);
                sent.add(new WeakReference<>(ops));
            }
            assertThat(nb.pendingCalls()).isZero();
            // nothing of a finished call stays reachable: its operations can be collected
            await().atMost(T).pollInterval(Duration.ofMillis(200)).until(() -> {
                System.gc();
                return sent.stream().allMatch(w -> w.get() == null);
            });
        }
    }

    @Test
    void aListenerThatFallsBehindStopsTheReadingNotTheQueue(Daemons daemons) throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        ovn.nbctl("lr-add", "GR_node1");
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger heard = new AtomicInteger();
        NorthboundListener stuck = new NorthboundListener() {
            @Override
            public void changed(List<RowChange> c, NbSnapshot after) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                heard.incrementAndGet();
            }

            @Override
            public void disconnected(String reason) {
                heard.set(-1_000_000);
            }
        };
        // a short probe: a connection that is not read must not be taken for a dead server
        NorthboundOptions opts = NorthboundOptions.parse(ovn.nbRemote()).withProbeInterval(Duration.ofMillis(500));
        try (NorthboundClient nb = NorthboundClient.start(opts, stuck);
                OvsdbSession other = OvsdbSession.open(OvsdbRemote.parse(ovn.nbRemote()), T)) {
            assertThat(nb.awaitSynced(T)).as(nb.state().toString()).isTrue();
            int n = 400;
            for (int i = 0; i < n; i++) {
                // one transaction each, by another writer
                other.transact(
                        NorthboundClient.DATABASE,
                        List.of(new Op.Update(
                                LogicalRouter.TABLE,
                                List.of(Condition.eq("name", "GR_node1")),
                                Map.of("external_ids", Map.of("k", Integer.toString(i))))),
                        T);
            }
            await().atMost(T).until(() -> nb.readPauses() > 0);
            int atPause = nb.listenerBacklog();
            Thread.sleep(2000); // > 2 probe intervals
            assertThat(nb.listenerBacklog())
                    .as("backlog while the listener is stuck")
                    .isEqualTo(atPause);
            assertThat(atPause).isLessThan(ListenerQueue.PAUSE_AT + 200);
            assertThat(nb.isReady()).as("still connected").isTrue();
            release.countDown();
            await().atMost(T)
                    .until(() -> nb.snapshot()
                            .router("GR_node1")
                            .map(r -> ("" + (n - 1)).equals(r.externalIds().get("k")))
                            .orElse(false));
            await().atMost(T).until(() -> nb.listenerBacklog() == 0);
            assertThat(heard.get()).as("changes heard, and no disconnect").isPositive();
        }
    }

    private static Optional<String> policyOf(NorthboundClient nb, Uuid route) {
        return nb.snapshot().staticRoute(route).orElseThrow().policy();
    }
}
