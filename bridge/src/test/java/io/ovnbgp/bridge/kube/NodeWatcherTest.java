package io.ovnbgp.bridge.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.ovnbgp.bgp.wire.Prefix;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class NodeWatcherTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    KubernetesClient client;
    private final List<NodeWatcher.NodeView> seen = new CopyOnWriteArrayList<>();
    private NodeWatcher watcher;

    @AfterEach
    void stop() {
        if (watcher != null) {
            watcher.close();
        }
    }

    private static Node node(String name, String annotation, String... internalIps) {
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName(name).endMetadata();
        if (annotation != null) {
            b.editMetadata()
                    .addToAnnotations(NodeWatcher.NODE_SUBNETS, annotation)
                    .endMetadata();
        }
        b.withNewStatus()
                .addNewAddress()
                .withType("Hostname")
                .withAddress(name)
                .endAddress()
                .endStatus();
        for (String ip : internalIps) {
            b.editStatus()
                    .addNewAddress()
                    .withType("InternalIP")
                    .withAddress(ip)
                    .endAddress()
                    .endStatus();
        }
        return b.build();
    }

    private NodeWatcher.NodeView last() {
        return seen.isEmpty() ? null : seen.get(seen.size() - 1);
    }

    @Test
    void followsOnlyItsOwnNodeAddressesAndAnnotatedSubnetsAndItsDeletion() throws Exception {
        client.nodes()
                .resource(node("node2", "{\"default\":[\"10.244.2.0/24\"]}", "192.0.2.12"))
                .create();
        client.nodes()
                .resource(node(
                        "node1",
                        "{\"default\":[\"10.244.1.0/24\",\"fd00:10:244:2::/64\"]}",
                        "192.0.2.11",
                        "2001:db8::11"))
                .create();
        watcher = new NodeWatcher(client, "node1", seen::add);
        watcher.start().toCompletableFuture().get(10, TimeUnit.SECONDS);

        await().atMost(WAIT)
                .untilAsserted(() -> assertThat(last())
                        .isEqualTo(new NodeWatcher.NodeView(
                                Set.of(p("192.0.2.11/32"), p("2001:db8::11/128")),
                                Set.of(p("10.244.1.0/24"), p("fd00:10:244:2::/64")))));

        client.nodes().withName("node1").edit(n -> {
            n.getMetadata().getAnnotations().put(NodeWatcher.NODE_SUBNETS, "{\"default\":\"10.244.9.0/24\"}");
            return n;
        });
        await().atMost(WAIT).untilAsserted(() -> assertThat(last().podSubnets()).containsExactly(p("10.244.9.0/24")));
        // another node's change is not ours
        client.nodes().withName("node2").edit(n -> {
            n.getMetadata().getAnnotations().put(NodeWatcher.NODE_SUBNETS, "{\"default\":\"10.244.8.0/24\"}");
            return n;
        });
        client.nodes().withName("node1").delete();
        await().atMost(WAIT).untilAsserted(() -> assertThat(last()).isEqualTo(NodeWatcher.NodeView.NONE));
        assertThat(seen)
                .noneMatch(v -> v.podSubnets().contains(p("10.244.8.0/24"))
                        || v.podSubnets().contains(p("10.244.2.0/24")));
    }

    @Test
    void readsBothAnnotationFormatsAndSkipsWhatDoesNotParse() {
        assertThat(NodeWatcher.podSubnets("n", "{\"default\":\"10.244.1.0/24\"}"))
                .containsExactly(p("10.244.1.0/24"));
        assertThat(NodeWatcher.podSubnets(
                        "n", "{\"default\":[\"10.244.1.0/24\",\"bogus\"],\"blue\":[\"10.9.0.0/16\"]}"))
                .containsExactly(p("10.244.1.0/24"));
        assertThat(NodeWatcher.podSubnets("n", "not json")).isEmpty();
        assertThat(NodeWatcher.podSubnets("n", "{}")).isEmpty();
    }

    private static Prefix p(String s) {
        return Prefix.parse(s);
    }
}
