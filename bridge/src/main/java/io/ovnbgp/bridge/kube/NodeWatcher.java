package io.ovnbgp.bridge.kube;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeAddress;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.Prefix;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches this node's Node object (an informer on that one name) and hands what the bridge needs of it to a
 * listener on every change: its InternalIP addresses (for {@code advertise.nodeIP}) and the Pod subnets of
 * OVN-Kubernetes' {@code k8s.ovn.org/node-subnets} annotation (the fallback when NB has none).
 */
public final class NodeWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeWatcher.class);
    static final String NODE_SUBNETS = "k8s.ovn.org/node-subnets";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the bridge uses of the Node; both empty while the Node does not exist. */
    public record NodeView(Set<Prefix> addresses, Set<Prefix> podSubnets) {
        public static final NodeView NONE = new NodeView(Set.of(), Set.of());

        public NodeView {
            addresses = Set.copyOf(addresses);
            podSubnets = Set.copyOf(podSubnets);
        }
    }

    private final KubernetesClient client;
    private final String nodeName;
    private final Consumer<NodeView> listener;
    private SharedIndexInformer<Node> informer;
    /** Guarded by this. */
    private NodeView last;

    public NodeWatcher(KubernetesClient client, String nodeName, Consumer<NodeView> listener) {
        this.client = Objects.requireNonNull(client, "client");
        this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /** Starts the informer; the stage completes once it has listed. Call once. */
    public synchronized CompletionStage<Void> start() {
        if (informer != null) {
            throw new IllegalStateException("started already");
        }
        informer = client.nodes()
                .withName(nodeName)
                .runnableInformer(0)
                .exceptionHandler(new KeepTrying("Node " + nodeName));
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node n) {
                deliver(view(n));
            }

            @Override
            public void onUpdate(Node before, Node after) {
                deliver(view(after));
            }

            @Override
            public void onDelete(Node n, boolean deletedFinalStateUnknown) {
                LOG.warn(
                        "Node {} was deleted: its addresses and annotated Pod subnets are no longer advertised",
                        nodeName);
                deliver(NodeView.NONE);
            }
        });
        return informer.start();
    }

    public boolean hasSynced() {
        SharedIndexInformer<Node> i;
        synchronized (this) {
            i = informer;
        }
        return i != null && i.hasSynced();
    }

    private synchronized void deliver(NodeView v) {
        if (v.equals(last)) {
            return;
        }
        last = v;
        listener.accept(v);
    }

    /** The last view delivered, or null before the Node was seen. */
    public synchronized NodeView last() {
        return last;
    }

    @Override
    public synchronized void close() {
        if (informer != null) {
            informer.close();
        }
    }

    private NodeView view(Node n) {
        Set<Prefix> addresses = new LinkedHashSet<>();
        if (n.getStatus() != null && n.getStatus().getAddresses() != null) {
            for (NodeAddress a : n.getStatus().getAddresses()) {
                if ("InternalIP".equals(a.getType()) && a.getAddress() != null) {
                    try {
                        IpAddress ip = IpAddress.parse(a.getAddress().trim());
                        addresses.add(Prefix.of(ip, ip.v6() ? 128 : 32));
                    } catch (RuntimeException e) {
                        LOG.warn("Node {}: InternalIP '{}' is not an IP address; ignored", nodeName, a.getAddress());
                    }
                }
            }
        }
        Map<String, String> annotations = n.getMetadata().getAnnotations();
        String subnets = annotations == null ? null : annotations.get(NODE_SUBNETS);
        return new NodeView(addresses, subnets == null ? Set.of() : podSubnets(nodeName, subnets));
    }

    /**
     * The default network's subnets from the annotation's JSON: {@code {"default":["10.244.1.0/24",
     * "fd00:10:244:2::/64"]}}, or one string as older OVN-Kubernetes wrote it. Other keys are secondary
     * networks, not ours. What does not parse is logged and skipped.
     */
    static Set<Prefix> podSubnets(String nodeName, String json) {
        Set<Prefix> out = new LinkedHashSet<>();
        JsonNode def;
        try {
            def = JSON.readTree(json).path("default");
        } catch (Exception e) {
            LOG.warn("Node {}: annotation {} is not JSON; ignored: {}", nodeName, NODE_SUBNETS, e.getMessage());
            return out;
        }
        Iterable<JsonNode> items = def.isArray() ? def : def.isTextual() ? List.of(def) : List.of();
        for (JsonNode item : items) {
            try {
                out.add(Prefix.parse(item.asText().trim()));
            } catch (RuntimeException e) {
                LOG.warn(
                        "Node {}: annotation {}: '{}' is not a prefix; ignored", nodeName, NODE_SUBNETS, item.asText());
            }
        }
        return out;
    }
}
