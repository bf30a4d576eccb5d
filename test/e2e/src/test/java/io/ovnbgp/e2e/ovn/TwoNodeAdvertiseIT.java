package io.ovnbgp.e2e.ovn;

import static io.ovnbgp.e2e.ovn.BridgeFixture.POLL;
import static io.ovnbgp.e2e.ovn.BridgeFixture.SYNC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.FreePorts;
import io.ovnbgp.e2e.harness.FrrConfig;
import io.ovnbgp.e2e.harness.FrrRouter;
import io.ovnbgp.e2e.harness.KubeApi;
import io.ovnbgp.e2e.harness.OvnDatabases;
import io.ovnbgp.e2e.harness.RealDaemons;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two bridges playing two nodes (each with its own NB, as in OVN-Kubernetes interconnect mode), one upstream
 * router, one Kubernetes API (fabric8's mock server in CRUD mode). The router is a whole FRR (zebra and bgpd) in
 * a network namespace of its own, linked to this host by a veth pair on which each node has its address, and
 * configured as the README says: what it selects is checked in zebra's RIB and in its kernel table, where
 * ECMP shows as one route with a next hop per node.
 */
@ExtendWith(RealDaemons.class)
class TwoNodeAdvertiseIT {
    private static final long UPSTREAM_AS = 65001;

    /** One node: its address on the link to the router (its BGP source and next hop), and its status port. */
    private record Node(String name, String address, String address6, int httpPort) {
        static Node of(String name, FrrRouter router, int i) {
            return new Node(name, router.hostAddress(i), router.hostAddress6(i), FreePorts.next());
        }
    }

    /** The README's upstream configuration: the nodes as dynamic neighbors of one peer group, ECMP over 8. */
    static String upstreamConfig(String linkPrefix) {
        return FrrConfig.traditional("upstream")
                .logToStdout()
                .routeMapsAtOnce()
                .routerBgp(UPSTREAM_AS, "10.255.0.2")
                .noEbgpPolicy()
                .neighbor("nodes", "peer-group", "remote-as 64512", "timers 3 9")
                .line("bgp listen range " + linkPrefix + " peer-group nodes")
                .addressFamily("ipv4 unicast", "maximum-paths 8")
                .addressFamily("ipv6 unicast", "neighbor nodes activate", "maximum-paths 8")
                .text();
    }

    /** The bridge of one node: its session from its link address, IPv6 prefixes over it with its IPv6 address. */
    private static Path bridgeConfig(Daemons daemons, Node n, OvnDatabases nb, FrrRouter router, Path kubeconfig)
            throws Exception {
        return bridgeConfig(
                daemons, n, nb, router, kubeconfig, "[]", "podNetwork: true, loadBalancerIPs: true, nodeIP: true");
    }

    /** As above, with these Service CIDRs (a YAML list) and these advertise switches. */
    private static Path bridgeConfig(
            Daemons daemons,
            Node n,
            OvnDatabases nb,
            FrrRouter router,
            Path kubeconfig,
            String serviceCidrs,
            String switches)
            throws Exception {
        Path conf = daemons.newDir("conf-" + n.name()).resolve("config.yaml");
        Files.writeString(conf, """
                nodeName: %s
                localASN: 64512
                routerID: %s
                listen: {address: %s, port: 0}
                ovn: {northbound: "%s"}
                metrics: {address: 127.0.0.1, port: %d}
                kubernetes: {kubeconfig: "%s", serviceCIDRs: %s}
                peers:
                  - {name: upstream, address: %s, asn: %d, sourceAddress: %s, holdTime: 9s,
                     keepaliveTime: 3s, connectRetryTime: 1s, families: [ipv4-unicast, ipv6-unicast],
                     advertise: {%s, nextHop: %s, nextHop6: "%s"}}
                """.formatted(
                        n.name(),
                        n.address(),
                        n.address(),
                        nb.nbRemote(),
                        n.httpPort(),
                        kubeconfig,
                        serviceCidrs,
                        router.address(),
                        UPSTREAM_AS,
                        n.address(),
                        switches,
                        n.address(),
                        n.address6()));
        return conf;
    }

    /** The next hops of the route zebra selected for the prefix (its RIB), active ones only, sorted. */
    private static List<String> ribNextHops(FrrRouter router, String prefix) {
        String cmd = (prefix.contains(":") ? "show ipv6 route " : "show ip route ") + prefix + " json";
        TreeSet<String> out = new TreeSet<>();
        for (JsonNode route : router.zebraJson(cmd).path(prefix)) {
            if (route.path("selected").asBoolean()
                    && "bgp".equals(route.path("protocol").asText())) {
                route.path("nexthops").forEach(nh -> {
                    if (nh.path("active").asBoolean()) {
                        out.add(nh.path("ip").asText());
                    }
                });
            }
        }
        return new ArrayList<>(out);
    }

    /** The gateways of the router's kernel route for the prefix: one, or one per ECMP leg. */
    private static List<String> kernelNextHops(FrrRouter router, String prefix) {
        TreeSet<String> out = new TreeSet<>();
        for (JsonNode r : router.kernelRoutes(prefix)) {
            if (r.has("nexthops")) {
                r.path("nexthops").forEach(nh -> out.add(nh.path("gateway").asText()));
            } else if (r.has("gateway")) {
                out.add(r.path("gateway").asText());
            }
        }
        return new ArrayList<>(out);
    }

    private static void assertRoute(FrrRouter router, String prefix, String... nextHops) {
        assertThat(ribNextHops(router, prefix)).as("zebra's RIB for %s", prefix).containsExactly(nextHops);
        assertThat(kernelNextHops(router, prefix))
                .as("the router's kernel route for %s", prefix)
                .containsExactly(nextHops);
    }

    private static void assertNoRoute(FrrRouter router, String prefix) {
        assertThat(ribNextHops(router, prefix)).as("zebra's RIB for %s", prefix).isEmpty();
        assertThat(kernelNextHops(router, prefix))
                .as("the router's kernel route for %s", prefix)
                .isEmpty();
    }

    @Test
    void eachNodeAdvertisesItsOwnPrefixesAndAServiceIpOfBothIsAnEcmpRouteUpstream(Daemons daemons) throws Exception {
        FrrRouter router = daemons.frrRouter(2, upstreamConfig("10.99.0.0/16"));
        Node n1 = Node.of("node1", router, 1);
        Node n2 = Node.of("node2", router, 2);
        // node1's NB has its Pod subnet; node2's does not yet, so its Node annotation is what it advertises
        OvnDatabases nb1 = daemons.ovnNb();
        nb1.nbctl("lr-add", "GR_node1");
        nb1.nbctl("ls-add", "node1", "--", "set", "logical_switch", "node1", "other_config:subnet=10.244.1.0/24");
        OvnDatabases nb2 = daemons.ovnNb();
        nb2.nbctl("lr-add", "GR_node2");

        try (KubeApi kube = KubeApi.start()) {
            // node1's annotation disagrees with its NB on purpose: NB is what OVN routes, so NB wins
            kube.createNode("node1", "{\"default\":[\"10.244.91.0/24\"]}", "203.0.113.11");
            kube.createNode("node2", "{\"default\":[\"10.244.2.0/24\"]}", "203.0.113.12");
            Path kubeconfig = kube.kubeconfig(daemons.newDir("kube"));
            BridgeFixture.startBridge(daemons, bridgeConfig(daemons, n1, nb1, router, kubeconfig), n1.httpPort());
            BridgeFixture.startBridge(daemons, bridgeConfig(daemons, n2, nb2, router, kubeconfig), n2.httpPort());

            // each node's Pod subnet and address, via that node only
            await().atMost(SYNC).pollInterval(POLL).untilAsserted(() -> {
                assertRoute(router, "10.244.1.0/24", n1.address());
                assertRoute(router, "10.244.2.0/24", n2.address());
                assertRoute(router, "203.0.113.11/32", n1.address());
                assertRoute(router, "203.0.113.12/32", n2.address());
            });
            assertNoRoute(router, "10.244.91.0/24");
            JsonNode status2 = BridgeFixture.status(n2.httpPort(), null);
            assertThat(status2.path("podNetwork").path("from").asText()).isEqualTo("node annotation");

            // a dual-stack LoadBalancer Service (externalTrafficPolicy Cluster): both nodes announce both IPs,
            // the router forwards each over both nodes
            kube.createLoadBalancer("default", "web", "Cluster", "198.51.100.10", "2001:db8:100::10");
            await().atMost(SYNC).pollInterval(POLL).untilAsserted(() -> {
                assertRoute(router, "198.51.100.10/32", n1.address(), n2.address());
                assertRoute(router, "2001:db8:100::10/128", n1.address6(), n2.address6());
            });
            JsonNode web =
                    BridgeFixture.status(n1.httpPort(), null).path("originated").path("198.51.100.10/32");
            assertThat(web.path("tags").toString()).isEqualTo("[\"loadBalancerIPs\"]");
            assertThat(web.path("sources").toString()).isEqualTo("[\"services\"]");
            // the per-prefix view: originated here, and what the upstream was told
            JsonNode route =
                    BridgeFixture.status(n1.httpPort(), "198.51.100.10/32").path("route");
            assertThat(route.path("originated").path("sources").toString()).isEqualTo("[\"services\"]");
            assertThat(route.path("advertisedTo")).singleElement().satisfies(a -> {
                assertThat(a.path("peer").asText()).isEqualTo("upstream");
                assertThat(a.path("nextHop").asText()).isEqualTo(n1.address());
                assertThat(a.path("asPath").asText()).isEqualTo("64512");
            });

            // deleting the Service withdraws it from both
            kube.deleteService("default", "web");
            await().atMost(SYNC).pollInterval(POLL).untilAsserted(() -> {
                assertNoRoute(router, "198.51.100.10/32");
                assertNoRoute(router, "2001:db8:100::10/128");
            });

            // externalTrafficPolicy Local: announced only by nodes with a ready local endpoint
            kube.createLoadBalancer("shop", "cart", "Local", "198.51.100.20");
            kube.createEndpointSlice("shop", "cart-x1", "cart", "node1", "node2");
            await().atMost(SYNC)
                    .pollInterval(POLL)
                    .untilAsserted(() -> assertRoute(router, "198.51.100.20/32", n1.address(), n2.address()));
            kube.removeEndpointsOn("shop", "cart-x1", "node2");
            await().atMost(SYNC)
                    .pollInterval(POLL)
                    .untilAsserted(() -> assertRoute(router, "198.51.100.20/32", n1.address()));
            kube.removeEndpointsOn("shop", "cart-x1", "node1");
            await().atMost(SYNC).pollInterval(POLL).untilAsserted(() -> assertNoRoute(router, "198.51.100.20/32"));

            // the node prefixes stayed, and none of it was written into OVN as a learned route
            assertRoute(router, "10.244.1.0/24", n1.address());
            assertThat(nb1.nbctl("lr-route-list", "GR_node1")).doesNotContain("198.51.100.", "10.244.");
            assertThat(nb2.nbctl("lr-route-list", "GR_node2")).doesNotContain("198.51.100.", "10.244.");
        }
    }

    @Test
    void clusterIpsTheServiceCidrsFromEveryNodeAndALocalServicesClusterIpFromTheNodesWithItsEndpoints(Daemons daemons)
            throws Exception {
        FrrRouter router = daemons.frrRouter(2, upstreamConfig("10.99.0.0/16"));
        Node n1 = Node.of("node1", router, 1);
        Node n2 = Node.of("node2", router, 2);
        OvnDatabases nb1 = daemons.ovnNb();
        nb1.nbctl("lr-add", "GR_node1");
        OvnDatabases nb2 = daemons.ovnNb();
        nb2.nbctl("lr-add", "GR_node2");
        String cidrs = "[10.96.0.0/16, \"fd00:10:96::/112\"]";

        try (KubeApi kube = KubeApi.start()) {
            Path kubeconfig = kube.kubeconfig(daemons.newDir("kube"));
            BridgeFixture.startBridge(
                    daemons,
                    bridgeConfig(daemons, n1, nb1, router, kubeconfig, cidrs, "clusterIPs: true"),
                    n1.httpPort());
            BridgeFixture.startBridge(
                    daemons,
                    bridgeConfig(daemons, n2, nb2, router, kubeconfig, cidrs, "clusterIPs: true"),
                    n2.httpPort());

            // the Service CIDRs: from both nodes, ECMP upstream
            await().atMost(SYNC).pollInterval(POLL).untilAsserted(() -> {
                assertRoute(router, "10.96.0.0/16", n1.address(), n2.address());
                assertRoute(router, "fd00:10:96::/112", n1.address6(), n2.address6());
            });
            JsonNode cidr =
                    BridgeFixture.status(n1.httpPort(), null).path("originated").path("10.96.0.0/16");
            assertThat(cidr.path("tags").toString()).isEqualTo("[\"clusterIPs\"]");
            assertThat(cidr.path("sources").toString()).isEqualTo("[\"serviceCIDRs\"]");

            // externalTrafficPolicy Local, dual-stack, an endpoint on node1 only: its ClusterIPs via node1 only;
            // a Cluster Service with endpoints everywhere gets no host route (the CIDR covers it)
            kube.createNodePort("shop", "cart", "Local", "10.96.0.20", "fd00:10:96::20");
            kube.createEndpointSlice("shop", "cart-x1", "cart", "node1");
            kube.createNodePort("default", "web", "Cluster", "10.96.0.21");
            kube.createEndpointSlice("default", "web-x1", "web", "node1", "node2");
            await().atMost(SYNC).pollInterval(POLL).untilAsserted(() -> {
                assertRoute(router, "10.96.0.20/32", n1.address());
                assertRoute(router, "fd00:10:96::20/128", n1.address6());
            });
            assertNoRoute(router, "10.96.0.21/32");

            // the endpoint goes: the host routes go, the CIDRs stay
            kube.removeEndpointsOn("shop", "cart-x1", "node1");
            await().atMost(SYNC).pollInterval(POLL).untilAsserted(() -> {
                assertNoRoute(router, "10.96.0.20/32");
                assertNoRoute(router, "fd00:10:96::20/128");
            });
            assertRoute(router, "10.96.0.0/16", n1.address(), n2.address());
            assertNoRoute(router, "10.96.0.21/32");
            assertThat(nb1.nbctl("lr-route-list", "GR_node1")).doesNotContain("10.96.");
        }
    }

    @Test
    void aBridgeStartedBeforeTheApiServerRunsBgpMeanwhileAndAdvertisesServicesOnceTheApiIsUp(Daemons daemons)
            throws Exception {
        FrrRouter router = daemons.frrRouter(1, upstreamConfig("10.99.0.0/16"));
        Node n1 = Node.of("node1", router, 1);
        OvnDatabases nb1 = daemons.ovnNb();
        nb1.nbctl("lr-add", "GR_node1");
        nb1.nbctl("ls-add", "node1", "--", "set", "logical_switch", "node1", "other_config:subnet=10.244.1.0/24");
        int apiPort = FreePorts.next();
        Path kubeconfig = KubeApi.kubeconfig(daemons.newDir("kube"), apiPort);
        BridgeFixture.startBridge(daemons, bridgeConfig(daemons, n1, nb1, router, kubeconfig), n1.httpPort());

        // no API server: the session and the NB Pod subnet do not wait for it
        await().atMost(SYNC).pollInterval(POLL).untilAsserted(() -> assertRoute(router, "10.244.1.0/24", n1.address()));
        assertThat(BridgeFixture.status(n1.httpPort(), null)
                        .path("kubernetes")
                        .path("servicesSynced")
                        .asBoolean())
                .isFalse();

        try (KubeApi kube = KubeApi.start(apiPort)) {
            kube.createNode("node1", null, "203.0.113.11");
            kube.createLoadBalancer("default", "web", "Cluster", "198.51.100.10");
            await().atMost(Duration.ofSeconds(90)).pollInterval(POLL).untilAsserted(() -> {
                assertRoute(router, "198.51.100.10/32", n1.address());
                assertRoute(router, "203.0.113.11/32", n1.address());
            });
            // the informers report synced once all of their first lists are in, which may be a moment after the
            // events that already advertised these routes (seen in CI: false right after the routes arrived)
            await().atMost(SYNC)
                    .pollInterval(POLL)
                    .untilAsserted(() -> assertThat(BridgeFixture.status(n1.httpPort(), null)
                                    .path("kubernetes")
                                    .path("servicesSynced")
                                    .asBoolean())
                            .isTrue());
        }
    }
}
