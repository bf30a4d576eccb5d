package io.ovnbgp.e2e.harness;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * A self-check of the harness, not of our code: the mock API server stopped, its objects changed meanwhile through
 * a second server over them, restarted on its port with its history compacted; an informer that watched it before
 * must, as against a real API server, end with the objects as they are, the one deleted while it was away included.
 */
class KubeApiSelfCheckIT {

    @Test
    void anInformerSeesWhatChangedWhileTheApiWasStoppedOnceItReturns() throws Exception {
        Path dir = Files.createTempDirectory("kubeapi-selfcheck");
        try (KubeApi kube = KubeApi.start(FreePorts.next());
                KubernetesClient client = new KubernetesClientBuilder()
                        .withConfig(Config.fromKubeconfig(
                                KubeApi.kubeconfig(dir, kube.port()).toFile()))
                        .build()) {
            kube.createLoadBalancer("default", "kept", "Cluster", "198.18.0.1");
            kube.createLoadBalancer("default", "deleted", "Cluster", "198.18.0.2");
            SharedIndexInformer<Service> informer =
                    client.services().inAnyNamespace().inform();
            assertThat(informer.getIndexer().listKeys()).containsExactlyInAnyOrder("default/kept", "default/deleted");

            kube.stop();
            try (KubeApi side = kube.sideDoor()) {
                side.deleteService("default", "deleted");
                side.createLoadBalancer("default", "added", "Cluster", "198.18.0.3");
            }
            kube.restart();
            kube.compactHistory();

            Awaitility.await()
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> assertThat(informer.getIndexer().listKeys())
                            .containsExactlyInAnyOrder("default/kept", "default/added"));
            informer.close();
        } finally {
            Files.deleteIfExists(dir.resolve("kubeconfig"));
            Files.deleteIfExists(dir);
        }
    }
}
