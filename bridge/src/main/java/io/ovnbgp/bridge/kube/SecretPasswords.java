package io.ovnbgp.bridge.kube;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.ovnbgp.bridge.config.BridgeConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a peer's TCP-MD5 password from a Kubernetes Secret ({@code password.secretRef}) in the bridge's own
 * namespace: {@code POD_NAMESPACE} (the DaemonSet sets it from {@code metadata.namespace}), else the namespace
 * of the kubeconfig context or service account. Read once, when the daemon starts: a session cannot be opened
 * without its password, so an API server that does not answer within the wait fails the start (and the Pod is
 * restarted), while a Secret or key that does not exist is a configuration error naming the field.
 */
public final class SecretPasswords {
    private static final Logger LOG = LoggerFactory.getLogger(SecretPasswords.class);

    private final KubernetesClient client;
    private final String namespace;
    private final Duration wait;
    /** One wait for all the peers' Secrets, counted from construction: N peers do not wait N times. */
    private final long deadline;

    public SecretPasswords(KubernetesClient client, String namespace, Duration wait) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.wait = Objects.requireNonNull(wait, "wait");
        this.deadline = System.nanoTime() + wait.toNanos();
    }

    /** {@code POD_NAMESPACE}, else the client's namespace, else {@code default}. */
    public static String namespaceOf(KubernetesClient client) {
        String env = System.getenv("POD_NAMESPACE");
        if (env != null && !env.isBlank()) {
            return env;
        }
        return client.getNamespace() != null ? client.getNamespace() : "default";
    }

    /**
     * The password, as the first line of the key's value (a Secret made from a file keeps its newline).
     *
     * @param field the config path, e.g. {@code peers[0].password.secretRef}, for the errors
     * @throws IllegalArgumentException the Secret or the key does not exist
     * @throws IllegalStateException the API server did not answer within the wait
     */
    public String read(BridgeConfig.SecretRef ref, String field) {
        KubernetesClientException last;
        while (true) {
            try {
                Secret s = client.secrets()
                        .inNamespace(namespace)
                        .withName(ref.name())
                        .get();
                if (s == null) {
                    throw new IllegalArgumentException(
                            field + ": Secret " + namespace + "/" + ref.name() + " does not exist");
                }
                String value = value(s, ref.key());
                if (value == null) {
                    throw new IllegalArgumentException(
                            field + ": Secret " + namespace + "/" + ref.name() + " has no key '" + ref.key() + "'");
                }
                return value.lines().findFirst().orElse("");
            } catch (KubernetesClientException e) {
                if (e.getCode() == 403) {
                    throw new IllegalStateException(
                            field + ": not allowed to read Secret " + namespace + "/" + ref.name()
                                    + " (RBAC: get on secrets in " + namespace + ")",
                            e);
                }
                last = e;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new IllegalStateException(
                        field + ": cannot read Secret " + namespace + "/" + ref.name()
                                + " from the Kubernetes API within " + wait.toSeconds() + " s: " + last.getMessage(),
                        last);
            }
            LOG.warn("{}: reading Secret {}/{} failed ({}); retrying", field, namespace, ref.name(), last.getMessage());
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(field + ": interrupted while reading the Secret", e);
            }
        }
    }

    private static String value(Secret s, String key) {
        Map<String, String> data = s.getData();
        if (data != null && data.containsKey(key)) {
            return new String(Base64.getMimeDecoder().decode(data.get(key)), StandardCharsets.UTF_8);
        }
        Map<String, String> stringData = s.getStringData();
        return stringData == null ? null : stringData.get(key);
    }
}
