package io.ovnbgp.bridge.kube;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration from a ConfigMap ({@code --configmap NAME}, key {@code config.yaml}) through the API: read
 * once at start, then watched by an informer, so a change applies as soon as the API server sends it instead of
 * after the kubelet's propagation delay to a mounted volume (a minute or more).
 */
public final class ConfigMapWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigMapWatcher.class);
    public static final String KEY = "config.yaml";

    private final KubernetesClient client;
    private final String namespace;
    private final String name;
    private SharedIndexInformer<ConfigMap> informer;
    private volatile String lastSeen;

    public ConfigMapWatcher(KubernetesClient client, String namespace, String name) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.name = Objects.requireNonNull(name, "name");
    }

    public String namespace() {
        return namespace;
    }

    public String name() {
        return name;
    }

    /** {@code configmap NAMESPACE/NAME}, as messages name the source. */
    public String source() {
        return "configmap " + namespace + "/" + name;
    }

    /**
     * The ConfigMap's {@code config.yaml} now, waiting up to {@code wait} for an API server that does not answer.
     *
     * @throws IllegalArgumentException the ConfigMap or its key does not exist
     * @throws IllegalStateException the API server did not answer in time
     */
    public String read(Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            try {
                ConfigMap cm = client.configMaps()
                        .inNamespace(namespace)
                        .withName(name)
                        .get();
                if (cm == null) {
                    throw new IllegalArgumentException("ConfigMap " + namespace + "/" + name + " does not exist");
                }
                String text = text(cm);
                if (text == null) {
                    throw new IllegalArgumentException(
                            "ConfigMap " + namespace + "/" + name + " has no key '" + KEY + "'");
                }
                lastSeen = text;
                return text;
            } catch (KubernetesClientException e) {
                if (e.getCode() == 403) {
                    throw new IllegalStateException(
                            "not allowed to read ConfigMap " + namespace + "/" + name
                                    + " (RBAC: get, list, watch on configmaps in " + namespace + ")",
                            e);
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException(
                            "cannot read ConfigMap " + namespace + "/" + name + " from the Kubernetes API within "
                                    + wait.toSeconds() + " s: " + e.getMessage(),
                            e);
                }
                LOG.warn("reading ConfigMap {}/{} failed ({}); retrying", namespace, name, e.getMessage());
                try {
                    Thread.sleep(1000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while reading the ConfigMap", ie);
                }
            }
        }
    }

    /**
     * Watches the ConfigMap; each {@code config.yaml} different from the last one seen goes to {@code onChange}
     * (on the informer's thread), a ConfigMap without the key to {@code onMissing} with the reason.
     */
    public synchronized void watch(Consumer<String> onChange, Consumer<String> onMissing) {
        if (informer != null) {
            throw new IllegalStateException("watching already");
        }
        informer = client.configMaps()
                .inNamespace(namespace)
                .withName(name)
                .runnableInformer(0)
                .exceptionHandler(new KeepTrying("ConfigMap " + namespace + "/" + name));
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ConfigMap cm) {
                deliver(cm);
            }

            @Override
            public void onUpdate(ConfigMap before, ConfigMap after) {
                deliver(after);
            }

            @Override
            public void onDelete(ConfigMap cm, boolean deletedFinalStateUnknown) {
                onMissing.accept("ConfigMap " + namespace + "/" + name + " was deleted");
            }

            private void deliver(ConfigMap cm) {
                String text = text(cm);
                if (text == null) {
                    onMissing.accept("ConfigMap " + namespace + "/" + name + " has no key '" + KEY + "'");
                    return;
                }
                if (!text.equals(lastSeen)) {
                    lastSeen = text;
                    onChange.accept(text);
                }
            }
        });
        informer.start();
        LOG.info("watching {} (key {}) for new versions", source(), KEY);
    }

    private static String text(ConfigMap cm) {
        Map<String, String> data = cm.getData();
        return data == null ? null : data.get(KEY);
    }

    @Override
    public synchronized void close() {
        if (informer != null) {
            informer.close();
        }
    }
}
