package io.ovnbgp.bridge.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bridge.bgp.OriginatedPrefixes;
import io.ovnbgp.bridge.bgp.RibConfigFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class ServiceIpSourceTest {
    private static final String NODE = "node1";
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** As kube-apiserver's --service-cluster-ip-range=10.96.0.0/16,fd00:10:96::/112. */
    private static final ServiceCidrs CIDRS = new ServiceCidrs(List.of(p("10.96.0.0/16"), p("fd00:10:96::/112")));

    KubernetesClient client;

    private final FakeSink sink = new FakeSink();
    private ServiceIpSource source;

    @BeforeEach
    void start() throws Exception {
        source = new ServiceIpSource(client, NODE, CIDRS, sink);
        source.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
        assertThat(source.hasSynced()).isTrue();
    }

    @AfterEach
    void stop() {
        source.close();
    }

    @Test
    void loadBalancerIngressIpIsOriginatedWithItsTagAndWithdrawnWhenTheServiceGoes() {
        createLoadBalancer("default", "web", "Cluster", "198.51.100.10", "2001:db8::10");

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(sink.current)
                        .containsExactlyInAnyOrderEntriesOf(Map.of(
                                p("198.51.100.10/32"), RibConfigFactory.LOAD_BALANCER_IPS,
                                p("2001:db8::10/128"), RibConfigFactory.LOAD_BALANCER_IPS)));

        client.services().inNamespace("default").withName("web").delete();
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.current).isEmpty());
        assertThat(sink.log)
                .containsExactlyInAnyOrder(
                        "+198.51.100.10/32 loadBalancerIPs", "+2001:db8::10/128 loadBalancerIPs",
                        "-198.51.100.10/32", "-2001:db8::10/128");
    }

    @Test
    void externalIpsAreOriginatedWithTheirTagForAnyServiceType() {
        client.services()
                .inNamespace("default")
                .resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withName("ext")
                        .withNamespace("default")
                        .endMetadata()
                        .withNewSpec()
                        .withType("ClusterIP")
                        .withExternalIPs("192.0.2.50")
                        .endSpec()
                        .build())
                .create();

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(sink.current)
                        .containsExactlyEntriesOf(Map.of(p("192.0.2.50/32"), RibConfigFactory.EXTERNAL_IPS)));

        client.services().inNamespace("default").withName("ext").delete();
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.current).isEmpty());
    }

    @Test
    void localPolicyOriginatesOnlyWhileThisNodeHasAReadyEndpoint() {
        createLoadBalancer("shop", "cart", "Local", "198.51.100.20");
        // an endpoint on another node only: nothing
        client.discovery()
                .v1()
                .endpointSlices()
                .inNamespace("shop")
                .resource(slice("shop", "cart-abc", "cart", endpoint("10.244.2.5", "node2", true)))
                .create();
        // the Service and its slice are in the caches before we judge "nothing"
        await().atMost(WAIT)
                .until(() -> client.discovery()
                                .v1()
                                .endpointSlices()
                                .inNamespace("shop")
                                .list()
                                .getItems()
                                .size()
                        == 1);
        await().pollDelay(Duration.ofMillis(500))
                .atMost(WAIT)
                .untilAsserted(() -> assertThat(sink.log).isEmpty());

        // a not-ready local endpoint: still nothing
        client.discovery()
                .v1()
                .endpointSlices()
                .inNamespace("shop")
                .withName("cart-abc")
                .edit(s -> {
                    s.getEndpoints().add(endpoint("10.244.1.7", NODE, false));
                    return s;
                });
        await().pollDelay(Duration.ofMillis(500))
                .atMost(WAIT)
                .untilAsserted(() -> assertThat(sink.log).isEmpty());

        // it becomes ready: originated
        setReady("shop", "cart-abc", "10.244.1.7", true);
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(sink.current)
                        .containsExactlyEntriesOf(Map.of(p("198.51.100.20/32"), RibConfigFactory.LOAD_BALANCER_IPS)));

        // not ready again: withdrawn
        setReady("shop", "cart-abc", "10.244.1.7", false);
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.current).isEmpty());

        // ready in a second slice, then that slice is deleted: originated, then withdrawn
        client.discovery()
                .v1()
                .endpointSlices()
                .inNamespace("shop")
                .resource(slice("shop", "cart-def", "cart", endpoint("10.244.1.9", NODE, true)))
                .create();
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.current).containsKey(p("198.51.100.20/32")));
        client.discovery()
                .v1()
                .endpointSlices()
                .inNamespace("shop")
                .withName("cart-def")
                .delete();
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.current).isEmpty());
        assertThat(sink.log)
                .containsExactly(
                        "+198.51.100.20/32 loadBalancerIPs", "-198.51.100.20/32",
                        "+198.51.100.20/32 loadBalancerIPs", "-198.51.100.20/32");
    }

    @Test
    void anIpWantedByTwoServicesStaysUntilNeitherWantsIt() {
        createLoadBalancer("a", "one", "Cluster", "198.51.100.30");
        createLoadBalancer("b", "two", "Cluster", "198.51.100.30");
        await().atMost(WAIT).untilAsserted(() -> assertThat(source.originated()).containsKey(p("198.51.100.30/32")));
        await().atMost(WAIT)
                .until(() ->
                        client.services().inAnyNamespace().list().getItems().size() == 2);

        client.services().inNamespace("a").withName("one").delete();
        await().pollDelay(Duration.ofMillis(500))
                .atMost(WAIT)
                .until(() ->
                        client.services().inAnyNamespace().list().getItems().size() == 1);
        await().pollDelay(Duration.ofMillis(500))
                .atMost(WAIT)
                .untilAsserted(() -> assertThat(sink.current)
                        .containsExactlyEntriesOf(Map.of(p("198.51.100.30/32"), RibConfigFactory.LOAD_BALANCER_IPS)));

        client.services().inNamespace("b").withName("two").delete();
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.current).isEmpty());
        assertThat(sink.log).containsExactly("+198.51.100.30/32 loadBalancerIPs", "-198.51.100.30/32");
    }

    @Test
    void anIpThatIsALoadBalancerIpOfOneServiceAndAnExternalIpOfAnotherCarriesBothTags() {
        createLoadBalancer("a", "lb", "Cluster", "198.51.100.40");
        client.services()
                .inNamespace("b")
                .resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withName("ext")
                        .withNamespace("b")
                        .endMetadata()
                        .withNewSpec()
                        .withType("ClusterIP")
                        .withExternalIPs("198.51.100.40")
                        .endSpec()
                        .build())
                .create();
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(sink.current)
                        .containsExactlyEntriesOf(Map.of(p("198.51.100.40/32"), "externalIPs,loadBalancerIPs")));

        // a peer that takes only externalIPs must keep it when the LoadBalancer goes
        client.services().inNamespace("a").withName("lb").delete();
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(sink.current)
                        .containsExactlyEntriesOf(Map.of(p("198.51.100.40/32"), RibConfigFactory.EXTERNAL_IPS)));
    }

    @Test
    void anIpThatIsBothALoadBalancerAndAnExternalIpOfOneServiceCarriesBothTags() {
        createLoadBalancer("a", "both", "Cluster", "198.51.100.50");
        client.services().inNamespace("a").withName("both").edit(svc -> {
            svc.getSpec().setExternalIPs(List.of("198.51.100.50"));
            return svc;
        });
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(sink.current)
                        .containsExactlyEntriesOf(Map.of(p("198.51.100.50/32"), "externalIPs,loadBalancerIPs")));
    }

    @Test
    void localPolicyAdvertisesTheClusterIpWithItsTagOnlyWhileThisNodeHasAReadyEndpoint() {
        createLoadBalancer("shop", "cart", "Local", List.of("10.96.0.20"), "198.51.100.60");
        client.discovery()
                .v1()
                .endpointSlices()
                .inNamespace("shop")
                .resource(slice("shop", "cart-abc", "cart", endpoint("10.244.2.5", "node2", true)))
                .create();
        await().atMost(WAIT)
                .until(() -> client.discovery()
                                .v1()
                                .endpointSlices()
                                .inNamespace("shop")
                                .list()
                                .getItems()
                                .size()
                        == 1);
        // an endpoint elsewhere only: the ClusterIP is not drawn to this node
        await().pollDelay(Duration.ofMillis(500))
                .atMost(WAIT)
                .untilAsserted(() -> assertThat(sink.log).isEmpty());

        client.discovery()
                .v1()
                .endpointSlices()
                .inNamespace("shop")
                .withName("cart-abc")
                .edit(s -> {
                    s.getEndpoints().add(endpoint("10.244.1.7", NODE, true));
                    return s;
                });
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(sink.current)
                        .containsExactlyInAnyOrderEntriesOf(Map.of(
                                p("10.96.0.20/32"), RibConfigFactory.CLUSTER_IPS,
                                p("198.51.100.60/32"), RibConfigFactory.LOAD_BALANCER_IPS)));

        // the local endpoint goes: both withdrawn
        setReady("shop", "cart-abc", "10.244.1.7", false);
        await().atMost(WAIT).untilAsserted(() -> assertThat(sink.current).isEmpty());
    }

    @Test
    void clusterPolicyGetsNoClusterIpHostRouteSinceTheCidrCoversIt() {
        createLoadBalancer("a", "web", "Cluster", List.of("10.96.0.21"), "198.51.100.61");
        client.discovery()
                .v1()
                .endpointSlices()
                .inNamespace("a")
                .resource(slice("a", "web-abc", "web", endpoint("10.244.1.8", NODE, true)))
                .create();
        await().atMost(WAIT)
                .until(() -> client.discovery()
                                .v1()
                                .endpointSlices()
                                .inNamespace("a")
                                .list()
                                .getItems()
                                .size()
                        == 1);
        await().pollDelay(Duration.ofMillis(500))
                .atMost(WAIT)
                .untilAsserted(() -> assertThat(sink.current)
                        .containsExactlyEntriesOf(Map.of(p("198.51.100.61/32"), RibConfigFactory.LOAD_BALANCER_IPS)));
    }

    @Test
    void aClusterIpOutsideTheServiceCidrsIsNeverAdvertised() {
        createLoadBalancer("a", "odd", "Local", List.of("172.30.0.5", "fd00:99::5"), "198.51.100.62");
        client.discovery()
                .v1()
                .endpointSlices()
                .inNamespace("a")
                .resource(slice("a", "odd-abc", "odd", endpoint("10.244.1.9", NODE, true)))
                .create();
        await().atMost(WAIT)
                .until(() -> client.discovery()
                                .v1()
                                .endpointSlices()
                                .inNamespace("a")
                                .list()
                                .getItems()
                                .size()
                        == 1);
        await().pollDelay(Duration.ofMillis(500))
                .atMost(WAIT)
                .untilAsserted(() -> assertThat(sink.current)
                        .containsExactlyEntriesOf(Map.of(p("198.51.100.62/32"), RibConfigFactory.LOAD_BALANCER_IPS)));
    }

    @Test
    void dualStackClusterIpsAreBothAdvertisedAndTheSingleClusterIpFieldIsReadWhenTheListIsAbsent() {
        createLoadBalancer("a", "dual", "Local", List.of("10.96.0.30", "fd00:10:96::30"));
        client.services()
                .inNamespace("b")
                .resource(new ServiceBuilder()
                        .withNewMetadata()
                        .withName("old")
                        .withNamespace("b")
                        .endMetadata()
                        .withNewSpec()
                        .withType("NodePort")
                        .withExternalTrafficPolicy("Local")
                        .withClusterIP("10.96.0.31")
                        .endSpec()
                        .build())
                .create();
        client.discovery()
                .v1()
                .endpointSlices()
                .inNamespace("a")
                .resource(slice("a", "dual-abc", "dual", endpoint("10.244.1.10", NODE, true)))
                .create();
        client.discovery()
                .v1()
                .endpointSlices()
                .inNamespace("b")
                .resource(slice("b", "old-abc", "old", endpoint("10.244.1.11", NODE, true)))
                .create();
        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(sink.current)
                        .containsExactlyInAnyOrderEntriesOf(Map.of(
                                p("10.96.0.30/32"), RibConfigFactory.CLUSTER_IPS,
                                p("fd00:10:96::30/128"), RibConfigFactory.CLUSTER_IPS,
                                p("10.96.0.31/32"), RibConfigFactory.CLUSTER_IPS)));
    }

    @Test
    void withoutServiceCidrsNoClusterIpIsAdvertised() throws Exception {
        source.close();
        source = new ServiceIpSource(client, NODE, ServiceCidrs.NONE, sink);
        source.start().toCompletableFuture().get(10, TimeUnit.SECONDS);
        createLoadBalancer("a", "web", "Local", List.of("10.96.0.40"), "198.51.100.63");
        client.discovery()
                .v1()
                .endpointSlices()
                .inNamespace("a")
                .resource(slice("a", "web-abc", "web", endpoint("10.244.1.12", NODE, true)))
                .create();
        await().atMost(WAIT)
                .until(() -> client.discovery()
                                .v1()
                                .endpointSlices()
                                .inNamespace("a")
                                .list()
                                .getItems()
                                .size()
                        == 1);
        await().pollDelay(Duration.ofMillis(500))
                .atMost(WAIT)
                .untilAsserted(() -> assertThat(sink.current)
                        .containsExactlyEntriesOf(Map.of(p("198.51.100.63/32"), RibConfigFactory.LOAD_BALANCER_IPS)));
    }

    private void createLoadBalancer(String ns, String name, String etp, String... ips) {
        createLoadBalancer(ns, name, etp, List.of(), ips);
    }

    private void createLoadBalancer(String ns, String name, String etp, List<String> clusterIps, String... ips) {
        Service svc = new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withNewSpec()
                .withType("LoadBalancer")
                .withExternalTrafficPolicy(etp)
                .withClusterIPs(clusterIps)
                .endSpec()
                .build();
        client.services().inNamespace(ns).resource(svc).create();
        Service withStatus = client.services().inNamespace(ns).withName(name).get();
        withStatus.setStatus(new io.fabric8.kubernetes.api.model.ServiceStatusBuilder()
                .withNewLoadBalancer()
                .withIngress(Arrays.stream(ips)
                        .map(ip -> new LoadBalancerIngressBuilder().withIp(ip).build())
                        .toList())
                .endLoadBalancer()
                .build());
        client.services().inNamespace(ns).resource(withStatus).updateStatus();
    }

    private static EndpointSlice slice(
            String ns, String name, String service, io.fabric8.kubernetes.api.model.discovery.v1.Endpoint... eps) {
        return new EndpointSliceBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .addToLabels(ServiceIpSource.SERVICE_NAME_LABEL, service)
                .endMetadata()
                .withAddressType("IPv4")
                .withEndpoints(new ArrayList<>(List.of(eps)))
                .build();
    }

    private static io.fabric8.kubernetes.api.model.discovery.v1.Endpoint endpoint(
            String ip, String node, boolean ready) {
        return new EndpointBuilder()
                .withAddresses(ip)
                .withNodeName(node)
                .withNewConditions()
                .withReady(ready)
                .endConditions()
                .build();
    }

    private void setReady(String ns, String slice, String ip, boolean ready) {
        client.discovery().v1().endpointSlices().inNamespace(ns).withName(slice).edit(s -> {
            s.getEndpoints().stream()
                    .filter(e -> e.getAddresses().contains(ip))
                    .forEach(e -> e.getConditions().setReady(ready));
            return s;
        });
    }

    private static Prefix p(String s) {
        return Prefix.parse(s);
    }

    /** Records what a RIB would hold, and the call sequence. */
    static final class FakeSink implements OriginatedPrefixes {
        final Map<Prefix, String> current = new ConcurrentHashMap<>();
        final List<String> log = new CopyOnWriteArrayList<>();

        @Override
        public void originate(Prefix prefix, Set<String> tags) {
            String tag = String.join(",", new TreeSet<>(tags));
            current.put(prefix, tag);
            log.add("+" + prefix + " " + tag);
        }

        @Override
        public void withdraw(Prefix prefix) {
            current.remove(prefix);
            log.add("-" + prefix);
        }
    }
}
