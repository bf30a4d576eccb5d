package io.ovnbgp.chaos;

import io.ovnbgp.e2e.harness.KubeApi;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The Kubernetes objects of the outage scenario and what the bridge must advertise from them, kept side by side:
 * every change goes through here to the API (whichever server is given) and to the model.
 *
 * <p>The node's Pod subnet comes from its {@code k8s.ovn.org/node-subnets} annotation (NB has none, so the API is
 * the only source) and its InternalIP is advertised as {@code nodeIP}; every fifth Service has
 * {@code externalTrafficPolicy: Local} with its endpoint on this node; one more Local Service has its only endpoint
 * on another node and must never be advertised.
 */
final class ClusterModel {
    static final String NS = "default";
    static final String POD_SUBNET = "10.244.1.0/24";
    static final String NODE_IP = "192.168.77.11";

    private final String node;
    /** Service name to the ingress IP it wants advertised now (absent: nothing). */
    private final Map<String, String> advertisedBy = new TreeMap<>();

    ClusterModel(String node) {
        this.node = node;
    }

    /** The Node and {@code services} LoadBalancer Services, as a cluster would hold them before the outage. */
    void create(KubeApi api, int services) {
        api.createNode(node, "{\"default\":[\"" + POD_SUBNET + "\"]}", NODE_IP);
        for (int i = 0; i < services; i++) {
            String name = "svc-" + i;
            String ip = "198.18." + i / 250 + "." + (i % 250 + 1);
            boolean local = i % 5 == 0;
            api.createLoadBalancer(NS, name, local ? "Local" : "Cluster", ip);
            if (local) {
                api.createEndpointSlice(NS, name + "-1", name, node);
            }
            advertisedBy.put(name, ip);
        }
        api.createLoadBalancer(NS, "elsewhere", "Local", "198.18.99.1");
        api.createEndpointSlice(NS, "elsewhere-1", "elsewhere", "node-other");
    }

    /**
     * The changes made while the bridge cannot see the API (outage number {@code n}, from 0): a Service deleted,
     * one's ingress IP replaced, a Local one's endpoint on this node gone, a Service added.
     */
    String changeWhileAway(KubeApi api, int n) {
        String deleted = "svc-" + (2 * n + 1);
        String changed = "svc-" + (2 * n + 2);
        String emptied = "svc-" + 5 * (n + 1);
        String added = "svc-added-" + n;
        String newIp = "198.18." + (20 + n) + ".2";
        String addedIp = "198.18." + (30 + n) + ".1";
        requireKnown(deleted, changed, emptied);
        api.deleteService(NS, deleted);
        advertisedBy.remove(deleted);
        api.changeIngress(NS, changed, newIp);
        advertisedBy.put(changed, newIp);
        api.removeEndpointsOn(NS, emptied + "-1", node);
        advertisedBy.remove(emptied);
        api.createLoadBalancer(NS, added, "Cluster", addedIp);
        advertisedBy.put(added, addedIp);
        return "deleted " + deleted + ", " + changed + " ingress to " + newIp + ", " + emptied
                + "'s endpoint on the node removed (Local), " + added + " (" + addedIp + ") created";
    }

    private void requireKnown(String... names) {
        for (String n : names) {
            if (!advertisedBy.containsKey(n)) {
                throw new IllegalStateException("too few Services for this many outages: " + n + " is not there");
            }
        }
    }

    /** The prefixes the bridge must advertise now. */
    Set<String> wanted() {
        Set<String> out = new TreeSet<>();
        out.add(POD_SUBNET);
        out.add(NODE_IP + "/32");
        advertisedBy.values().forEach(ip -> out.add(ip + "/32"));
        return out;
    }
}
