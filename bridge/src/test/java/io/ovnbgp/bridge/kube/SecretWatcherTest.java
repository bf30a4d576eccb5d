package io.ovnbgp.bridge.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class SecretWatcherTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    KubernetesClient client;

    private static Secret secret(String password) {
        return new SecretBuilder()
                .withNewMetadata()
                .withName("bgp-auth")
                .withNamespace("bgp")
                .endMetadata()
                .withData(
                        Map.of("tor-a", Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8))))
                .build();
    }

    /** Something that must not be reported has had the time to be: a later change that must be reported was. */
    private static void awaitCount(List<String> changes, int n) {
        Awaitility.await().atMost(WAIT).untilAsserted(() -> assertThat(changes).hasSize(n));
    }

    @Test
    void reportsNewDataOnlyIncludingASecretDeletedAndCreatedAgain() throws Exception {
        client.secrets().inNamespace("bgp").resource(secret("one")).create();
        List<String> changes = new CopyOnWriteArrayList<>();
        try (SecretWatcher watcher = new SecretWatcher(client, "bgp", changes::add)) {
            watcher.watch(Set.of("bgp-auth"));
            Awaitility.await().atMost(WAIT).until(watcher::hasSynced);
            // the first sight is reported: the Secret may have changed since the daemon read it
            awaitCount(changes, 1);

            // metadata alone: nothing; then a new password: reported
            client.secrets().inNamespace("bgp").withName("bgp-auth").edit(s -> {
                s.getMetadata().setLabels(Map.of("touched", "yes"));
                return s;
            });
            client.secrets().inNamespace("bgp").withName("bgp-auth").edit(s -> secret("two"));
            awaitCount(changes, 2);

            // deleted and created again with the same password: nothing; with a new one: reported
            client.secrets().inNamespace("bgp").withName("bgp-auth").delete();
            Awaitility.await()
                    .atMost(WAIT)
                    .until(() -> client.secrets()
                                    .inNamespace("bgp")
                                    .withName("bgp-auth")
                                    .get()
                            == null);
            client.secrets().inNamespace("bgp").resource(secret("two")).create();
            client.secrets().inNamespace("bgp").withName("bgp-auth").delete();
            client.secrets().inNamespace("bgp").resource(secret("three")).create();
            awaitCount(changes, 3);
            Thread.sleep(300);
            assertThat(changes).containsExactly("bgp-auth", "bgp-auth", "bgp-auth");
        }
    }
}
