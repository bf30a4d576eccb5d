package io.ovnbgp.bridge.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.ovnbgp.bridge.config.BridgeConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class SecretPasswordsTest {
    KubernetesClient client;

    private static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void readsTheFirstLineOfTheKeyAndNamesTheFieldWhenTheSecretOrKeyIsMissing() {
        client.secrets()
                .inNamespace("bgp")
                .resource(new SecretBuilder()
                        .withNewMetadata()
                        .withName("bgp-auth")
                        .withNamespace("bgp")
                        .endMetadata()
                        .withData(Map.of("tor-a", b64("s3cret\n")))
                        .build())
                .create();
        SecretPasswords secrets = new SecretPasswords(client, "bgp", Duration.ofSeconds(5));

        assertThat(secrets.read(new BridgeConfig.SecretRef("bgp-auth", "tor-a"), "peers[0].password.secretRef"))
                .isEqualTo("s3cret");
        assertThatThrownBy(() ->
                        secrets.read(new BridgeConfig.SecretRef("bgp-auth", "tor-b"), "peers[1].password.secretRef"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("peers[1].password.secretRef: Secret bgp/bgp-auth has no key 'tor-b'");
        assertThatThrownBy(
                        () -> secrets.read(new BridgeConfig.SecretRef("other", "tor-a"), "peers[2].password.secretRef"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("peers[2].password.secretRef: Secret bgp/other does not exist");
    }
}
