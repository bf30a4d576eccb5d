package io.ovnbgp.bridge.kube;

import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the Secrets that hold the peers' passwords ({@code password.secretRef}), one informer per name, and
 * says which one changed; the daemon then reads the passwords again and resets only the peers whose password is
 * new. The set of names follows the configuration in force.
 */
public final class SecretWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SecretWatcher.class);

    private final KubernetesClient client;
    private final String namespace;
    private final Consumer<String> onChange;
    /** Guarded by this. */
    private final Map<String, SharedIndexInformer<Secret>> informers = new HashMap<>();
    /** The data last seen per Secret, so that a resync or a metadata-only update does not reset anything. */
    private final Map<String, Map<String, String>> seen = new ConcurrentHashMap<>();

    /** @param onChange given the name of a Secret whose data changed (on an informer's thread) */
    public SecretWatcher(KubernetesClient client, String namespace, Consumer<String> onChange) {
        this.client = Objects.requireNonNull(client, "client");
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.onChange = Objects.requireNonNull(onChange, "onChange");
    }

    /** Watches exactly these Secret names from now on. */
    public synchronized void watch(Set<String> names) {
        for (var it = informers.entrySet().iterator(); it.hasNext(); ) {
            var e = it.next();
            if (!names.contains(e.getKey())) {
                e.getValue().close();
                seen.remove(e.getKey());
                it.remove();
            }
        }
        for (String name : names) {
            if (informers.containsKey(name)) {
                continue;
            }
            SharedIndexInformer<Secret> informer = client.secrets()
                    .inNamespace(namespace)
                    .withName(name)
                    .runnableInformer(0)
                    .exceptionHandler(new KeepTrying("Secret " + namespace + "/" + name));
            informer.addEventHandler(new ResourceEventHandler<>() {
                @Override
                public void onAdd(Secret s) {
                    // the first sight may differ from what the daemon read at start or reload (a change in between):
                    // the daemon reads the passwords again, which resets only a peer whose password differs. A later
                    // sight is the Secret created again after a delete (kubectl delete + create): reported if new
                    Map<String, String> data = data(s);
                    if (seen.putIfAbsent(name, data) == null) {
                        onChange.accept(name);
                    } else {
                        changed(name, data);
                    }
                }

                @Override
                public void onUpdate(Secret before, Secret after) {
                    changed(name, data(after));
                }

                @Override
                public void onDelete(Secret s, boolean unknown) {
                    // a session keeps the password it has; the next reload that needs the Secret is refused. What
                    // was seen stays: a Secret created again with the same passwords then resets nothing
                    LOG.warn(
                            "Secret {}/{} holding a peer password was deleted; the sessions keep their password",
                            namespace,
                            name);
                }
            });
            informer.start();
            informers.put(name, informer);
            LOG.info("watching Secret {}/{} for peer password changes", namespace, name);
        }
    }

    private void changed(String name, Map<String, String> data) {
        Map<String, String> before = seen.put(name, data);
        if (!data.equals(before)) {
            LOG.info("Secret {}/{} changed: reading the peer passwords again", namespace, name);
            onChange.accept(name);
        }
    }

    private static Map<String, String> data(Secret s) {
        Map<String, String> m = new HashMap<>();
        if (s.getData() != null) {
            m.putAll(s.getData());
        }
        if (s.getStringData() != null) {
            s.getStringData().forEach((k, v) -> m.put("stringData:" + k, v));
        }
        return m;
    }

    /** Whether every watched Secret has been listed once (what it holds now is the baseline for changes). */
    synchronized boolean hasSynced() {
        return informers.values().stream().allMatch(SharedIndexInformer::hasSynced);
    }

    @Override
    public synchronized void close() {
        informers.values().forEach(SharedIndexInformer::close);
        informers.clear();
    }
}
