package io.ovnbgp.bridge;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.ovnbgp.bridge.BridgeDaemon.ConfigOrigin;
import io.ovnbgp.bridge.config.BridgeConfig;
import io.ovnbgp.bridge.config.ConfigFileWatcher;
import io.ovnbgp.bridge.kube.SecretWatcher;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where new versions of the configuration come from: the watched file or ConfigMap, and the Secrets its peers'
 * passwords are in. Every source hands its text to one {@code config-reload} thread, so the {@link ConfigReloader}
 * sees one version at a time, and none of them waits on an informer's or the file watcher's thread.
 */
final class ConfigWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigWatch.class);

    private final ConfigReloader reloader;
    private final ExecutorService reloads = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "config-reload");
        t.setDaemon(true);
        return t;
    });
    private final List<AutoCloseable> watchers = new ArrayList<>();
    private volatile SecretWatcher secrets;

    ConfigWatch(ConfigReloader reloader) {
        this.reloader = reloader;
    }

    /**
     * Starts watching {@code origin} and, with a Kubernetes client, the Secrets of the running configuration.
     *
     * @param eventsPosted whether refusals become Kubernetes Events (else a ConfigMap origin says so once)
     */
    void start(ConfigOrigin origin, KubernetesClient kubeClient, String secretNamespace, boolean eventsPosted)
            throws IOException {
        if (origin instanceof ConfigOrigin.File f) {
            watchers.add(new ConfigFileWatcher(
                    f.path(), f.text(), text -> later(text, f.path().toString())));
        } else if (origin instanceof ConfigOrigin.ConfigMap cm) {
            cm.watcher()
                    .watch(
                            text -> later(text, cm.watcher().source()),
                            why -> reloads.execute(
                                    () -> reloader.refuse(cm.watcher().source(), why)));
            if (!eventsPosted) {
                LOG.warn(
                        "kubernetes.enabled is false: a refused version of {} is logged and counted, but posted as"
                                + " no Event, and the peers' Secrets are not watched",
                        cm.watcher().source());
            }
            watchers.add(cm.watcher());
        }
        if (kubeClient != null && origin.text() != null) {
            SecretWatcher s = new SecretWatcher(
                    kubeClient,
                    secretNamespace,
                    name -> reloads.execute(() -> reloader.reread("Secret " + secretNamespace + "/" + name)));
            s.watch(secretNames(reloader.running()));
            watchers.add(s);
            secrets = s;
        }
    }

    private void later(String text, String source) {
        reloads.execute(() -> reload(text, source));
    }

    /** Applies a version now (see {@link ConfigReloader#reload}); the watched Secrets follow the one in force. */
    ConfigReloader.Result reload(String text, String source) {
        ConfigReloader.Result r = reloader.reload(text, source);
        SecretWatcher s = secrets;
        if (s != null && r.outcome() != ConfigReloader.Outcome.REFUSED) {
            s.watch(secretNames(reloader.running()));
        }
        return r;
    }

    private static Set<String> secretNames(BridgeConfig c) {
        Set<String> names = new HashSet<>();
        for (BridgeConfig.Peer p : c.peers()) {
            if (p.password() != null && p.password().secretRef() != null) {
                names.add(p.password().secretRef().name());
            }
        }
        return names;
    }

    /** Stops the sources, then gives a reload in progress up to {@code finish} to end. */
    void close(Duration finish) {
        for (AutoCloseable w : watchers) {
            try {
                w.close();
            } catch (Exception e) {
                LOG.debug("closing a configuration watcher: {}", e.toString());
            }
        }
        reloads.shutdown();
        try {
            if (!reloads.awaitTermination(finish.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("a configuration reload still runs after {} s; stopping regardless", finish.toSeconds());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        close(Duration.ZERO);
    }
}
