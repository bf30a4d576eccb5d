package io.ovnbgp.bridge.kube;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bridge.bgp.LocalPrefixes;
import io.ovnbgp.bridge.bgp.OriginatedPrefixes;
import io.ovnbgp.bridge.bgp.RibConfigFactory;
import io.ovnbgp.bridge.config.BridgeConfig;
import java.io.File;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything the bridge takes from the Kubernetes API, on one client: Service IPs ({@link ServiceIpSource}), and
 * from this node's Node object its InternalIP addresses (originated with tag {@code nodeIP}) and the annotated Pod
 * subnets (handed to the Pod network source as its fallback). Starts without waiting for the API server: the
 * informers keep retrying, and BGP and OVN go on meanwhile.
 */
public final class KubernetesSources implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(KubernetesSources.class);

    private final KubernetesClient client;
    private final ServiceIpSource services;
    private final NodeWatcher node;
    private final OriginatedPrefixes nodeSink;
    /** Guarded by this. */
    private Set<Prefix> nodeAddresses = Set.of();

    private KubernetesSources(
            BridgeConfig config,
            KubernetesClient client,
            LocalPrefixes local,
            Consumer<Set<Prefix>> annotatedPodSubnets) {
        this.client = client;
        this.services = new ServiceIpSource(
                client, config.nodeName(), ServiceCidrs.of(config.kubernetes()), local.source("services"));
        this.nodeSink = local.source("node");
        this.node = new NodeWatcher(client, config.nodeName(), v -> {
            annotatedPodSubnets.accept(v.podSubnets());
            addresses(v.addresses());
        });
    }

    /**
     * Connects with the configured kubeconfig, else as fabric8 finds it (the Pod's service account first).
     *
     * @throws IllegalArgumentException naming {@code kubernetes.kubeconfig} when that file is not a usable kubeconfig
     */
    public static KubernetesClient client(BridgeConfig.Kubernetes k) {
        Config c;
        if (k.kubeconfig() != null) {
            try {
                c = Config.fromKubeconfig(new File(k.kubeconfig()));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException(
                        "kubernetes.kubeconfig: '" + k.kubeconfig() + "' is not a usable kubeconfig: " + e.getMessage(),
                        e);
            }
            if (c.getMasterUrl() == null || c.getMasterUrl().isBlank()) {
                throw new IllegalArgumentException(
                        "kubernetes.kubeconfig: '" + k.kubeconfig() + "' names no API server for its current context");
            }
        } else {
            c = Config.autoConfigure(null);
        }
        return new KubernetesClientBuilder().withConfig(c).build();
    }

    /** Starts the watchers on {@code client}, which this object then owns and closes. */
    public static KubernetesSources start(
            BridgeConfig config,
            KubernetesClient client,
            LocalPrefixes local,
            Consumer<Set<Prefix>> annotatedPodSubnets) {
        KubernetesSources k = new KubernetesSources(config, client, local, annotatedPodSubnets);
        String api = k.client.getConfiguration().getMasterUrl();
        k.services
                .start()
                .whenComplete((v, t) -> LOG.info(
                        "Kubernetes API {}: Services and EndpointSlices {}",
                        api,
                        t == null ? "listed; watching" : "not listed: " + t));
        k.node.start()
                .whenComplete((v, t) -> LOG.info(
                        "Kubernetes API {}: Node {} {}",
                        api,
                        config.nodeName(),
                        t == null ? "listed; watching" : "not listed: " + t));
        return k;
    }

    private synchronized void addresses(Set<Prefix> now) {
        nodeSink.replace(nodeAddresses, now, RibConfigFactory.NODE_IP, (p, added) -> {
            if (added) {
                LOG.info("node address {} (InternalIP): originating it for peers with advertise.nodeIP", p);
            } else {
                LOG.info("node address {} is gone from the Node: withdrawing it", p);
            }
        });
        nodeAddresses = new HashSet<>(now);
    }

    /** For {@code /status}. */
    public Map<String, Object> status() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("enabled", true);
        m.put("apiServer", client.getConfiguration().getMasterUrl());
        m.put("servicesSynced", services.hasSynced());
        m.put("nodeSynced", node.hasSynced());
        NodeWatcher.NodeView v = node.last();
        m.put("nodeFound", v != null && !v.equals(NodeWatcher.NodeView.NONE));
        if (v != null) {
            m.put(
                    "nodeAddresses",
                    v.addresses().stream().map(Prefix::toString).sorted().toList());
            m.put(
                    "annotatedPodSubnets",
                    v.podSubnets().stream().map(Prefix::toString).sorted().toList());
        }
        m.put("serviceIPs", services.originated().size());
        return m;
    }

    /** Stops watching; what was originated stays in the RIB (the daemon is closing with it). */
    @Override
    public void close() {
        services.close();
        node.close();
        client.close();
    }
}
