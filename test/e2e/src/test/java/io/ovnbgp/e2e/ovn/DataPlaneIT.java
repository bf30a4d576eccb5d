package io.ovnbgp.e2e.ovn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ovnbgp.e2e.harness.Command;
import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.FreePorts;
import io.ovnbgp.e2e.harness.KubeApi;
import io.ovnbgp.e2e.harness.RealDaemons;
import io.ovnbgp.e2e.harness.Topology;
import io.ovnbgp.e2e.harness.Topology.Router;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Real packets follow the bridge's routes through OVN. Each test builds the node of {@code hack/topology} (an
 * OVN-Kubernetes-shaped node on OVS's userspace datapath, two Pods, two FRR routers leading to an outside
 * namespace), starts the packaged bridge with the configuration {@code up} wrote, and sends packets.
 *
 * <p>The routers are in two ASes (65001 and 65002, the topology's default) and the bridge runs on the default
 * best-path settings: their paths tie only because {@code bestPath.multipathRelax} is on by default.
 *
 * <p>Services (issue item 3e): {@code up} sets two OVN Load_Balancers as OVN-Kubernetes does for two Services; the
 * bridge learns their LoadBalancer and external IPs from a Kubernetes API (fabric8's mock server) and advertises
 * them to both routers with the Service CIDR and a Local Service's ClusterIP, and the outside reaches the Pods
 * behind each over TCP.
 *
 * <p>BFD (issue item 3d): with {@code TOPO_BFD=1} the rows name OVN BFD sessions towards the routers' bfdd, and a
 * cut link leaves the ECMP group at BFD's pace, not BGP's hold time.
 */
@ExtendWith(RealDaemons.class)
class DataPlaneIT {
    private static final Path SCRIPTS = Path.of(System.getProperty("topology.scripts", "../../hack/topology"));
    private static final Duration CONVERGE = Duration.ofSeconds(40);
    private static final Duration POLL = Duration.ofMillis(20);
    private static final String OUTSIDE = "203.0.113.0/24";

    /** The topology and the bridge started on its configuration, both stopped with the test's daemons. */
    private record Node(Topology topo, int httpPort) {
        static Node start(Daemons daemons, String name, Map<String, String> env) {
            int httpPort = FreePorts.next();
            Map<String, String> all = new HashMap<>(env);
            all.put("TOPO_BRIDGE_METRICS_PORT", Integer.toString(httpPort));
            all.put("TOPO_EXT", Topology.freeExternalNetwork());
            Topology topo = daemons.topology(SCRIPTS, name, all);
            BridgeFixture.startBridge(daemons, Path.of(topo.get("BRIDGE_CONFIG")), httpPort);
            return new Node(topo, httpPort);
        }

        /** The next hops of node1's rows for the outside on GR_node1, sorted. */
        /** Waits for the outside's two ECMP rows on GR_node1, one through each router. */
        void awaitBothRouters() {
            List<String> both = List.of(topo.routerIp(Router.A), topo.routerIp(Router.B));
            await().atMost(CONVERGE)
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(outsideNextHops()).isEqualTo(both));
        }

        List<String> outsideNextHops() {
            return topo.ownedNextHops(OUTSIDE);
        }

        String pod1() {
            return topo.get("POD1_NS");
        }

        /** An address of the outside to which pod1's packets go through router {@code r}. */
        String destinationVia(Router r) {
            return topo.outsideAddressVia(pod1(), r);
        }
    }

    private static long sinceMs(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    @Test
    void podsReachTheOutsideOverBothRoutersAndTheOutsideReachesPodsWithoutNat(Daemons daemons) {
        long t0 = System.nanoTime();
        Node n = Node.start(daemons, "obbd1", Map.of());
        Topology topo = n.topo();

        // 3a: two ECMP rows on GR_node1, one per router
        n.awaitBothRouters();
        assertThat(topo.nbctl("lr-route-list", "GR_node1")).contains("203.0.113.0/24", "ecmp");
        String outside = topo.get("OUTSIDE_IP");
        for (String pod : List.of("POD1_NS", "POD2_NS")) {
            await().atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(
                                    topo.ping(topo.get(pod), outside, 3, "0.1").received())
                            .as("%s -> outside", pod)
                            .isEqualTo(3));
        }
        // flows that differ only by source port (TCP connections: OVS's userspace datapath leaves UDP ports out of
        // its ECMP hash), counted per router; the outside refuses each connection, so a refusal is a round trip
        long tcpA = topo.forwarded(Router.A, "tcp");
        long tcpB = topo.forwarded(Router.B, "tcp");
        int flows = 32;
        Command.Result conns = topo.inNs(n.pod1(), Duration.ofSeconds(60), "bash", "-c", """
                refused=0
                for i in $(seq %d); do
                  out=$(timeout 3 bash -c 'exec 3<>/dev/tcp/%s/5001' 2>&1) || true
                  case "$out" in *refused*) refused=$((refused+1));; esac
                done
                echo $refused""".formatted(flows, outside));
        long viaA = topo.forwarded(Router.A, "tcp") - tcpA;
        long viaB = topo.forwarded(Router.B, "tcp") - tcpB;
        System.out.printf(
                "DataPlaneIT: %d TCP flows from pod1 (one source port each): %d via router A, %d via B%n",
                flows, viaA, viaB);
        assertThat(conns.stdout().trim())
                .as("connections refused by the outside (answered)")
                .isEqualTo("" + flows);
        assertThat(viaA + viaB).as("SYNs forwarded by the two routers").isGreaterThanOrEqualTo(flows);
        assertThat(viaA).as("flows through router A").isPositive();
        assertThat(viaB).as("flows through router B").isPositive();

        // 3c: both routers hold the Pod subnet with GR_node1 as next hop
        String gr = topo.get("GR_IP");
        String podNet = topo.get("POD_NET");
        for (Router r : Router.values()) {
            await().atMost(CONVERGE).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                JsonNode route = topo.vtyshJson(r, "show ip route " + podNet + " json")
                        .path(podNet)
                        .path(0);
                assertThat(route.path("protocol").asText())
                        .as("router %s: %s", r, podNet)
                        .isEqualTo("bgp");
                assertThat(route.path("selected").asBoolean()).isTrue();
                assertThat(route.path("nexthops").path(0).path("ip").asText()).isEqualTo(gr);
            });
        }
        // the outside reaches each Pod at its own address, and each side sees the other's own address: counters
        // for the outside's address in the Pods and for the Pods' addresses in the outside
        String out = topo.get("OUTSIDE_NS");
        topo.inNs(out, "iptables", "-w", "-A", "INPUT", "-s", topo.get("CLUSTER_NET"), "-p", "icmp")
                .orThrow();
        for (String[] pod : new String[][] {{"POD1_NS", "POD1_IP"}, {"POD2_NS", "POD2_IP"}}) {
            String ns = topo.get(pod[0]);
            topo.inNs(ns, "iptables", "-w", "-A", "INPUT", "-s", outside, "-p", "icmp")
                    .orThrow();
            Topology.Ping p = topo.ping(out, topo.get(pod[1]), 3, "0.1");
            assertThat(p.received())
                    .as("outside -> %s at %s", pod[0], topo.get(pod[1]))
                    .isEqualTo(3);
            assertThat(inputCount(topo, ns))
                    .as("packets from %s seen in %s", outside, pod[0])
                    .isGreaterThanOrEqualTo(3);
        }
        assertThat(topo.ping(n.pod1(), outside, 3, "0.1").received()).isEqualTo(3);
        assertThat(inputCount(topo, out))
                .as("packets from the Pods' own addresses seen by the outside")
                .isGreaterThanOrEqualTo(3);
        // the conditional SNAT: to the node's own address the Pod is still SNATed to GR_node1's (the host has no
        // route to the Pods; only a translated packet gets an answer)
        assertThat(topo.nbctl(
                                "--bare",
                                "--columns=allowed_ext_ips",
                                "find",
                                "nat",
                                "logical_ip=\"" + topo.get("CLUSTER_NET") + "\"")
                        .trim())
                .as("the cluster SNAT's allowed_ext_ips")
                .isNotEmpty();
        assertThat(topo.ping(n.pod1(), topo.get("HOST_IP"), 3, "0.1").received())
                .as("pod1 -> the node's address")
                .isEqualTo(3);
        System.out.printf("DataPlaneIT: ECMP and no-SNAT test took %d ms%n", sinceMs(t0));
    }

    private static long inputCount(Topology topo, String ns) {
        String out = topo.inNs(ns, "iptables", "-w", "-L", "INPUT", "-v", "-x", "-n")
                .orThrow()
                .stdout();
        long sum = 0;
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 3 && f[0].matches("\\d+")) {
                sum += Long.parseLong(f[0]);
            }
        }
        return sum;
    }

    @Test
    void whenRouterADiesThePodGetsThroughBAndItsRowLeavesTheNorthbound(Daemons daemons) throws Exception {
        long t0 = System.nanoTime();
        Node n = Node.start(daemons, "obbd2", Map.of());
        Topology topo = n.topo();
        String a = topo.routerIp(Router.A);
        String b = topo.routerIp(Router.B);
        n.awaitBothRouters();
        // a destination whose packets go through A, so that A's death is felt by the ping
        String dst = await().atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> n.destinationVia(Router.A), d -> d != null);

        int count = 800; // 8 s at 10 ms
        CompletableFuture<Topology.Ping> ping =
                CompletableFuture.supplyAsync(() -> topo.ping(n.pod1(), dst, count, "0.01"));
        Thread.sleep(1500); // part of the measurement: the ping runs through A for a while before A dies
        // A's death is timed from the moment it starts; the script then waits for each FRR daemon to exit
        long death = System.nanoTime();
        CompletableFuture<Void> stop = CompletableFuture.runAsync(() -> topo.router(Router.A, "stop"));
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(POLL)
                .until(() -> n.outsideNextHops().equals(List.of(b)));
        long rowGoneMs = sinceMs(death);
        stop.get(60, TimeUnit.SECONDS);
        Topology.Ping p = ping.get(60, TimeUnit.SECONDS);
        System.out.printf(
                "DataPlaneIT: router A stopped: its row left NB after %d ms; the 10 ms ping to %s lost %d of"
                        + " %d packets%n",
                rowGoneMs, dst, p.lost(), p.transmitted());

        assertThat(rowGoneMs)
                .as("A's row gone (A's bgpd closed the session) before the 9 s hold time")
                .isLessThan(9000);
        assertThat(topo.ping(n.pod1(), dst, 5, "0.05").received())
                .as("pod1 -> %s through B", dst)
                .isEqualTo(5);
        assertThat(p.received()).as("answers before and after the failover").isPositive();
        assertThat(p.lost()).as("packets lost on the 10 ms ping").isLessThan(300);
        System.out.printf("DataPlaneIT: failover test took %d ms%n", sinceMs(t0));
    }

    /**
     * 3d: with {@code ovn.bfd} on, router A's link to the node is cut while its BGP session lives on (until the 9 s
     * hold time). OVN's own BFD takes A out of GR_node1's ECMP group: the Pod gets through B while A's row is still
     * in NB. The outside's way back to pod1 is pinned to B, so that what the ping measures is the node's way out.
     */
    @Test
    void whenRouterALinkIsCutOvnsBfdTakesItOutOfTheEcmpGroupBeforeTheHoldTime(Daemons daemons) throws Exception {
        long t0 = System.nanoTime();
        Node n = Node.start(daemons, "obbd4", Map.of("TOPO_BFD", "1"));
        Topology topo = n.topo();
        String a = topo.routerIp(Router.A);
        String b = topo.routerIp(Router.B);
        n.awaitBothRouters();
        assertThat(topo.nbctl("lr-route-list", "GR_node1"))
                .as("the rows name their BFD sessions")
                .contains("bfd");
        // both sessions up and staying up for 2 s (OVN's first exchanges with bfdd can take a few tries)
        await().atMost(CONVERGE)
                .pollInterval(Duration.ofMillis(200))
                .ignoreExceptions()
                .untilAsserted(() -> {
                    assertThat(topo.bfdStatus(a)).as("OVN's BFD towards A").isEqualTo("up");
                    assertThat(topo.bfdStatus(b)).as("OVN's BFD towards B").isEqualTo("up");
                    await().during(Duration.ofSeconds(2))
                            .atMost(Duration.ofSeconds(3))
                            .pollInterval(Duration.ofMillis(200))
                            .until(() -> topo.bfdStatus(a).equals("up")
                                    && topo.bfdStatus(b).equals("up"));
                });
        topo.pinReturn(topo.get("POD1_IP"), Router.B);
        String dst = await().atMost(Duration.ofSeconds(20))
                .ignoreExceptions()
                .until(() -> n.destinationVia(Router.A), d -> d != null);

        int count = 500; // 5 s at 10 ms
        CompletableFuture<Topology.Ping> ping =
                CompletableFuture.supplyAsync(() -> topo.ping(n.pod1(), dst, count, "0.01"));
        Thread.sleep(1000); // part of the measurement: the ping runs through A for a while before its link is cut
        long cut = System.nanoTime();
        topo.router(Router.A, "cut");
        await().atMost(Duration.ofSeconds(8))
                .pollInterval(POLL)
                .until(() -> topo.bfdStatus(a).equals("down"));
        long detectMs = sinceMs(cut);
        List<String> hopsAtDetection = n.outsideNextHops();
        // through B while BGP still holds A's path (its hold time expires 6 to 9 s after the cut, by when A's last
        // keepalive came): the failover is BFD's, not the session's
        await().atMost(Duration.ofSeconds(3))
                .pollInterval(POLL)
                .untilAsserted(
                        () -> assertThat(topo.ping(n.pod1(), dst, 5, "0.05").received())
                                .as("pod1 -> %s through B", dst)
                                .isEqualTo(5));
        List<String> hopsThroughB = n.outsideNextHops();
        long throughBMs = sinceMs(cut);
        Topology.Ping p = ping.get(60, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(20))
                .pollInterval(POLL)
                .until(() -> n.outsideNextHops().equals(List.of(b)));
        long rowGoneMs = sinceMs(cut);
        System.out.printf(
                "DataPlaneIT: router A's link cut: OVN's BFD down after %d ms; the 10 ms ping to %s lost %d"
                        + " of %d packets; A's row left NB (hold time) after %d ms%n",
                detectMs, dst, p.lost(), p.transmitted(), rowGoneMs);

        assertThat(hopsAtDetection)
                .as("A's row still in NB when BFD saw A down")
                .containsExactly(a, b);
        assertThat(hopsThroughB)
                .as("A's row still in NB %d ms after the cut, with the Pod through B", throughBMs)
                .containsExactly(a, b);
        assertThat(detectMs).as("BFD detection before the 9 s hold time").isLessThan(9000);
        assertThat(p.received()).as("answers before and after the failover").isPositive();
        assertThat(p.lost())
                .as("packets lost on the 10 ms ping (the hold time alone would lose them all)")
                .isLessThan(count / 2);
        assertThat(rowGoneMs).as("A's row gone once the hold time expired").isGreaterThanOrEqualTo(detectMs);
        System.out.printf("DataPlaneIT: BFD failover test took %d ms%n", sinceMs(t0));
    }

    /**
     * 3e: a LoadBalancer IP, an external IP and two ClusterIPs, each a VIP of an OVN Load_Balancer on GR_node1 (as
     * ovnkube sets it), learned from the Kubernetes API and advertised to both routers (the ClusterIPs by
     * {@code advertise.clusterIPs}: the Service CIDR, and the Local Service's ClusterIP as a /32), and answered over
     * TCP from the outside by the Pod behind it.
     */
    @Test
    void theOutsideReachesPodsBehindALoadBalancerIpAndAnExternalIp(Daemons daemons) throws Exception {
        long t0 = System.nanoTime();
        try (KubeApi kube = KubeApi.start()) {
            Path kubeconfig = kube.kubeconfig(daemons.newDir("kube"));
            Node n = Node.start(daemons, "obbd3", Map.of("TOPO_KUBECONFIG", kubeconfig.toString()));
            Topology topo = n.topo();
            String lbIp = topo.get("SVC_LB_IP");
            String extIp = topo.get("SVC_EXT_IP");
            String lbClusterIp = topo.get("SVC_LB_CLUSTER_IP");
            String extClusterIp = topo.get("SVC_EXT_CLUSTER_IP");
            // the Services whose VIPs up put on the Load_Balancers, as the API would hold them: web-lb Local with its
            // endpoint on node1 (so its ClusterIP goes out as a /32 too), web-ext Cluster (its ClusterIP is covered by
            // the Service CIDR)
            String[] lb = topo.get("SVC_LB").split("/");
            String[] ext = topo.get("SVC_EXT").split("/");
            kube.createTopologyObjects(topo::get);
            // the Load_Balancers are ovnkube's: named for the Service, owned by it, on the node switch and GR_node1
            for (String[] svc : List.of(lb, ext)) {
                String owner = svc[0] + "/" + svc[1];
                String name = "Service_" + owner + "_TCP_cluster";
                assertThat(topo.nbctl(
                                "--bare", "--columns=external_ids", "find", "load_balancer", "name=\"" + name + "\""))
                        .as("Load_Balancer %s", name)
                        .contains("k8s.ovn.org/kind=Service", "k8s.ovn.org/owner=" + owner);
                String uuid = topo.nbctl("--bare", "--columns=_uuid", "find", "load_balancer", "name=\"" + name + "\"")
                        .trim();
                String group = topo.nbctl(
                                "--bare", "--columns=_uuid", "find", "load_balancer_group", "load_balancer{>=}" + uuid)
                        .trim();
                assertThat(group).as("the load balancer group holding %s", name).isNotEmpty();
                assertThat(topo.nbctl("get", "logical_router", "GR_node1", "load_balancer_group"))
                        .as("GR_node1's load balancer groups")
                        .contains(group);
                assertThat(topo.nbctl("get", "logical_switch", "node1", "load_balancer_group"))
                        .as("the node switch's load balancer groups")
                        .contains(group);
            }

            // both routers hold each VIP as a /32, and the Service CIDR, with GR_node1 as next hop; the Cluster
            // Service's ClusterIP goes out as no /32
            String gr = topo.get("GR_IP");
            for (String prefix : List.of(lbIp + "/32", extIp + "/32", lbClusterIp + "/32", topo.get("SVC_CIDR"))) {
                for (Router r : Router.values()) {
                    await().atMost(CONVERGE)
                            .pollInterval(Duration.ofMillis(200))
                            .untilAsserted(() -> {
                                JsonNode route = topo.vtyshJson(r, "show ip route " + prefix + " json")
                                        .path(prefix)
                                        .path(0);
                                assertThat(route.path("protocol").asText())
                                        .as("router %s: %s", r, prefix)
                                        .isEqualTo("bgp");
                                assertThat(route.path("selected").asBoolean())
                                        .as("router %s: %s selected", r, prefix)
                                        .isTrue();
                                assertThat(route.path("nexthops")
                                                .path(0)
                                                .path("ip")
                                                .asText())
                                        .as("router %s: %s next hop", r, prefix)
                                        .isEqualTo(gr);
                            });
                }
            }
            for (Router r : Router.values()) {
                assertThat(topo.vtyshJson(r, "show ip route " + extClusterIp + "/32 json")
                                .path(extClusterIp + "/32")
                                .path(0)
                                .path("prefix")
                                .asText())
                        .as("router %s: a /32 of Cluster Service %s", r, ext[1])
                        .isEmpty();
            }
            // GR_node1 answers through what BGP taught it: the outside's two rows
            await().atMost(CONVERGE)
                    .pollInterval(Duration.ofMillis(200))
                    .untilAsserted(() -> assertThat(n.outsideNextHops()).hasSize(2));

            // from the outside, TCP to each VIP:80 reaches the Pod behind it (DNAT on GR_node1 to the Pod's :8080);
            // the Pod's server names itself in its one-line answer
            String out = topo.get("OUTSIDE_NS");
            for (String[] c : new String[][] {
                {lbIp, "default/pod1 " + topo.get("POD1_IP")},
                {extIp, "default/pod2 " + topo.get("POD2_IP")},
                {lbClusterIp, "default/pod1 " + topo.get("POD1_IP")},
                {extClusterIp, "default/pod2 " + topo.get("POD2_IP")}
            }) {
                String answer = await().atMost(Duration.ofSeconds(20))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> tcpAnswer(topo, out, c[0], 80), a -> a.startsWith(c[1] + ":"));
                System.out.printf("DataPlaneIT: outside -> %s:80 answered: %s%n", c[0], answer);
                // not a lucky first connection: several in a row, each answered by the same Pod
                for (int i = 0; i < 5; i++) {
                    assertThat(tcpAnswer(topo, out, c[0], 80))
                            .as("outside -> %s:80, connection %d", c[0], i)
                            .startsWith(c[1] + ":");
                }
            }
            System.out.printf("DataPlaneIT: Services test took %d ms%n", sinceMs(t0));
        }
    }

    /** The first line a TCP server at {@code ip:port} sends to a client in {@code ns}, or "" (nothing, refused). */
    private static String tcpAnswer(Topology topo, String ns, String ip, int port) {
        Command.Result r = topo.inNs(
                ns,
                Duration.ofSeconds(10),
                "timeout",
                "5",
                "bash",
                "-c",
                "exec 3<>/dev/tcp/%s/%d && head -n1 <&3".formatted(ip, port));
        return r.ok() ? r.stdout().trim() : "";
    }
}
