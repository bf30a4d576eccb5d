package io.ovnbgp.bridge.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.Collections;

/**
 * What the configuration's defaults come from: the node's name, its IPv4 address, and whether the Kubernetes API
 * is at hand without {@code kubernetes.kubeconfig} ({@code inCluster}: in a Pod, where KUBERNETES_SERVICE_HOST is
 * set, or under {@code run --configmap}, which reads its configuration through the API).
 */
public record NodeFacts(String nodeName, String ipv4Address, boolean inCluster) {

    public NodeFacts(String nodeName, String ipv4Address) {
        this(nodeName, ipv4Address, false);
    }

    /**
     * The same facts for a process that reads its configuration through the Kubernetes API: that API is at hand,
     * so {@code kubernetes.enabled} defaults to on (Service IPs, the ConfigMap's InvalidConfig Events, Secret
     * passwords) wherever the process runs.
     */
    public NodeFacts withKubernetesApi() {
        return new NodeFacts(nodeName, ipv4Address, true);
    }

    /** NODE_NAME (set by the DaemonSet from spec.nodeName), else the hostname; the first global IPv4 address. */
    public static NodeFacts ofThisHost() {
        String name = System.getenv("NODE_NAME");
        if (name == null || name.isBlank()) {
            try {
                name = InetAddress.getLocalHost().getHostName();
            } catch (UnknownHostException e) {
                name = null;
            }
        }
        String kube = System.getenv("KUBERNETES_SERVICE_HOST");
        return new NodeFacts(name, firstGlobalIpv4(), kube != null && !kube.isBlank());
    }

    private static String firstGlobalIpv4() {
        try {
            for (NetworkInterface nif : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nif.isUp() || nif.isLoopback()) {
                    continue;
                }
                for (InetAddress a : Collections.list(nif.getInetAddresses())) {
                    if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        return a.getHostAddress();
                    }
                }
            }
        } catch (SocketException e) {
            return null;
        }
        return null;
    }
}
