package io.ovnbgp.e2e.ovn;

import static io.ovnbgp.e2e.ovn.BridgeFixture.POLL;
import static io.ovnbgp.e2e.ovn.BridgeFixture.SYNC;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.FreePorts;
import io.ovnbgp.e2e.harness.FrrBgpd;
import io.ovnbgp.e2e.harness.OvnDatabases;
import io.ovnbgp.e2e.harness.RealDaemons;
import io.ovnbgp.e2e.harness.KubeApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two bridges playing two nodes (each with its own NB, as in OVN-Kubernetes interconnect mode), one upstream FRR
 * with multipath, one Kubernetes API (fabric8's mock server in CRUD mode). What the upstream router must see:
 * each node's Pod subnet and address via that node, a Service IP announced by both nodes as one ECMP route, and
 * withdrawals as Services and endpoints go.
 */
@ExtendWith(RealDaemons.class)
class TwoNodeAdvertiseIT {
    private static final long UPSTREAM_AS = 65001;
    private static final String UPSTREAM = "127.0.0.2";

    /** One node: where its bridge speaks BGP from, and the next hop it gives (its address on the fabric). */
    private record Node(String name, String bgpAddress, int bgpPort, String nextHop, int httpPort) {
        /** The node's IPv6 next hop: IPv6 prefixes ride the IPv4 session (MP-BGP) with it. */
        String nextHop6() {
            return "2001:db8::" + nextHop.substring(nextHop.lastIndexOf('.') + 1);
        }
    }

    /**
     * The README's upstream configuration: the nodes as dynamic neighbors of one peer group (FRR only listens;
     * each bridge connects), ECMP over up to 8 paths. Loopback addresses instead of the fabric's.
     */
    private static String upstreamConfig() {
        return """
                frr defaults traditional
                hostname upstream
                log stdout informational
                bgp route-map delay-timer 0
                router bgp %d
                 bgp router-id 10.255.0.2
                 no bgp ebgp-requires-policy
                 neighbor nodes peer-group
                 neighbor nodes remote-as 64512
                 neighbor nodes timers 3 9
                 bgp listen range 127.0.0.0/24 peer-group nodes
                 address-family ipv4 unicast
                  maximum-paths 8
                 exit-address-family
                 address-family ipv6 unicast
                  neighbor nodes activate
                  maximum-paths 8
                 exit-address-family
                """.formatted(UPSTREAM_AS);
    }

    private static Path bridgeConfig(Daemons daemons, Node n, OvnDatabases nb, int upstreamPort, Path kubeconfig)
            throws Exception {
        Path conf = daemons.newDir("conf-" + n.name()).resolve("config.yaml");
        Files.writeString(conf, """
                nodeName: %s
                localASN: 64512
                routerID: %s
                listen: {address: %s, port: %d}
                ovn: {northbound: "%s"}
                metrics: {address: 127.0.0.1, port: %d}
                kubernetes: {kubeconfig: "%s"}
                peers:
                  - {name: upstream, address: %s, port: %d, asn: %d, sourceAddress: %s, holdTime: 9s,
                     keepaliveTime: 3s, connectRetryTime: 1s, families: [ipv4-unicast, ipv6-unicast],
                     advertise: {podNetwork: true, loadBalancerIPs: true, nodeIP: true, nextHop: %s,
                                 nextHop6: "%s"}}
                """.formatted(n.name(), n.nextHop(), n.bgpAddress(), n.bgpPort(), nb.nbRemote(), n.httpPort(),
                kubeconfig, UPSTREAM, upstreamPort, UPSTREAM_AS, n.bgpAddress(), n.nextHop(), n.nextHop6()));
        return conf;
    }

    /** The upstream's paths for a prefix: next hop → whether it is in the multipath (ECMP) set. */
    private static JsonNode paths(FrrBgpd frr, String prefix) {
        String family = prefix.contains(":") ? "ipv6" : "ipv4";
        return frr.vtyshJson("show bgp " + family + " unicast " + prefix + " json").path("paths");
    }

    private static List<String> nextHops(JsonNode paths) {
        List<String> out = new ArrayList<>();
        paths.forEach(p -> out.add(p.path("nexthops").path(0).path("ip").asText()));
        return new ArrayList<>(new TreeSet<>(out));
    }

    /** Next hops of the paths FRR selected: the best path and those it uses with it for ECMP. */
    private static List<String> selectedNextHops(JsonNode paths) {
        List<String> out = new ArrayList<>();
        paths.forEach(p -> {
            if (p.path("bestpath").path("overall").asBoolean() || p.path("multipath").asBoolean()) {
                out.add(p.path("nexthops").path(0).path("ip").asText());
            }
        });
        return new ArrayList<>(new TreeSet<>(out));
    }

    @Test
    void eachNodeAdvertisesItsOwnPrefixesAndAServiceIpOfBothIsAnEcmpRouteUpstream(Daemons daemons)
            throws Exception {
        Node n1 = new Node("node1", "127.0.0.11", FreePorts.next(), "192.0.2.11", FreePorts.next());
        Node n2 = new Node("node2", "127.0.0.12", FreePorts.next(), "192.0.2.12", FreePorts.next());
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

            FrrBgpd upstream = daemons.frr(UPSTREAM, FreePorts.next(), upstreamConfig());
            BridgeFixture.startBridge(daemons, bridgeConfig(daemons, n1, nb1, upstream.bgpPort(), kubeconfig),
                    n1.httpPort());
            BridgeFixture.startBridge(daemons, bridgeConfig(daemons, n2, nb2, upstream.bgpPort(), kubeconfig),
                    n2.httpPort());

            // each node's Pod subnet and address, via that node only
            await().atMost(SYNC).pollInterval(POLL).untilAsserted(() -> {
                assertThat(nextHops(paths(upstream, "10.244.1.0/24"))).containsExactly("192.0.2.11");
                assertThat(nextHops(paths(upstream, "10.244.2.0/24"))).containsExactly("192.0.2.12");
                assertThat(nextHops(paths(upstream, "203.0.113.11/32"))).containsExactly("192.0.2.11");
                assertThat(nextHops(paths(upstream, "203.0.113.12/32"))).containsExactly("192.0.2.12");
            });
            assertThat(paths(upstream, "10.244.91.0/24")).isEmpty();
            JsonNode status2 = BridgeFixture.status(n2.httpPort(), null);
            assertThat(status2.path("podNetwork").path("from").asText()).isEqualTo("node annotation");

            // a dual-stack LoadBalancer Service (externalTrafficPolicy Cluster): both nodes announce both IPs, FRR
            // uses both paths of each
            kube.createLoadBalancer("default", "web", "Cluster", "198.51.100.10", "2001:db8:100::10");
            await().atMost(SYNC).pollInterval(POLL).untilAsserted(() -> {
                assertThat(selectedNextHops(paths(upstream, "198.51.100.10/32")))
                        .as("%s", paths(upstream, "198.51.100.10/32")).containsExactly("192.0.2.11", "192.0.2.12");
                assertThat(selectedNextHops(paths(upstream, "2001:db8:100::10/128")))
                        .as("%s", paths(upstream, "2001:db8:100::10/128"))
                        .containsExactly("2001:db8::11", "2001:db8::12");
            });
            JsonNode web = BridgeFixture.status(n1.httpPort(), null).path("originated").path("198.51.100.10/32");
            assertThat(web.path("tags").toString()).isEqualTo("[\"loadBalancerIPs\"]");
            assertThat(web.path("sources").toString()).isEqualTo("[\"services\"]");

            // deleting the Service withdraws it from both
            kube.deleteService("default", "web");
            await().atMost(SYNC).pollInterval(POLL).untilAsserted(() -> {
                assertThat(paths(upstream, "198.51.100.10/32")).isEmpty();
                assertThat(paths(upstream, "2001:db8:100::10/128")).isEmpty();
            });

            // externalTrafficPolicy Local: announced only by nodes with a ready local endpoint
            kube.createLoadBalancer("shop", "cart", "Local", "198.51.100.20");
            kube.createEndpointSlice("shop", "cart-x1", "cart", "node1", "node2");
            await().atMost(SYNC).pollInterval(POLL).untilAsserted(() -> assertThat(
                    selectedNextHops(paths(upstream, "198.51.100.20/32")))
                    .containsExactly("192.0.2.11", "192.0.2.12"));
            kube.removeEndpointsOn("shop", "cart-x1", "node2");
            await().atMost(SYNC).pollInterval(POLL).untilAsserted(() -> assertThat(
                    nextHops(paths(upstream, "198.51.100.20/32"))).containsExactly("192.0.2.11"));
            kube.removeEndpointsOn("shop", "cart-x1", "node1");
            await().atMost(SYNC).pollInterval(POLL).untilAsserted(() -> assertThat(
                    paths(upstream, "198.51.100.20/32")).isEmpty());

            // the node prefixes stayed, and none of it was written into OVN as a learned route
            assertThat(nextHops(paths(upstream, "10.244.1.0/24"))).containsExactly("192.0.2.11");
            assertThat(nb1.nbctl("lr-route-list", "GR_node1")).doesNotContain("198.51.100.", "10.244.");
            assertThat(nb2.nbctl("lr-route-list", "GR_node2")).doesNotContain("198.51.100.", "10.244.");
        }
    }

    @Test
    void aBridgeStartedBeforeTheApiServerRunsBgpMeanwhileAndAdvertisesServicesOnceTheApiIsUp(Daemons daemons)
            throws Exception {
        Node n1 = new Node("node1", "127.0.0.11", FreePorts.next(), "192.0.2.11", FreePorts.next());
        OvnDatabases nb1 = daemons.ovnNb();
        nb1.nbctl("lr-add", "GR_node1");
        nb1.nbctl("ls-add", "node1", "--", "set", "logical_switch", "node1", "other_config:subnet=10.244.1.0/24");
        int apiPort = FreePorts.next();
        Path kubeconfig = KubeApi.kubeconfig(daemons.newDir("kube"), apiPort);
        FrrBgpd upstream = daemons.frr(UPSTREAM, FreePorts.next(), upstreamConfig());
        BridgeFixture.startBridge(daemons, bridgeConfig(daemons, n1, nb1, upstream.bgpPort(), kubeconfig),
                n1.httpPort());

        // no API server: the session and the NB Pod subnet do not wait for it
        await().atMost(SYNC).pollInterval(POLL).untilAsserted(() ->
                assertThat(nextHops(paths(upstream, "10.244.1.0/24"))).containsExactly("192.0.2.11"));
        assertThat(BridgeFixture.status(n1.httpPort(), null).path("kubernetes").path("servicesSynced").asBoolean())
                .isFalse();

        try (KubeApi kube = KubeApi.start(apiPort)) {
            kube.createNode("node1", null, "203.0.113.11");
            kube.createLoadBalancer("default", "web", "Cluster", "198.51.100.10");
            await().atMost(Duration.ofSeconds(90)).pollInterval(POLL).untilAsserted(() -> {
                assertThat(nextHops(paths(upstream, "198.51.100.10/32"))).containsExactly("192.0.2.11");
                assertThat(nextHops(paths(upstream, "203.0.113.11/32"))).containsExactly("192.0.2.11");
            });
            assertThat(BridgeFixture.status(n1.httpPort(), null).path("kubernetes").path("servicesSynced")
                    .asBoolean()).isTrue();
        }
    }
}
