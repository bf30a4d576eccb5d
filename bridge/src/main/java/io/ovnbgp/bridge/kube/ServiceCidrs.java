package io.ovnbgp.bridge.kube;

import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bridge.bgp.OriginatedPrefixes;
import io.ovnbgp.bridge.bgp.RibConfigFactory;
import io.ovnbgp.bridge.config.BridgeConfig;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cluster's Service CIDRs as the administrator declared them ({@code kubernetes.serviceCIDRs}): originated as
 * they are, tag {@link RibConfigFactory#CLUSTER_IPS}, and the bound on which ClusterIPs may be advertised as host
 * routes. As Calico's {@code serviceClusterIPs}: an address outside every declared range is never advertised,
 * whatever a Service says, so that a Service object cannot draw traffic for someone else's address.
 */
public record ServiceCidrs(List<Prefix> prefixes) {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceCidrs.class);
    public static final ServiceCidrs NONE = new ServiceCidrs(List.of());

    public ServiceCidrs {
        prefixes = List.copyOf(prefixes);
    }

    /** From a validated configuration. */
    public static ServiceCidrs of(BridgeConfig.Kubernetes k) {
        return new ServiceCidrs(k.serviceCIDRs().stream().map(Prefix::parse).toList());
    }

    public boolean isEmpty() {
        return prefixes.isEmpty();
    }

    /** Whether the address lies inside one of the ranges. */
    public boolean contains(IpAddress address) {
        return prefixes.stream().anyMatch(p -> p.contains(address));
    }

    /**
     * Originates every range into {@code sink}. Once, at start: they change only with the configuration, and a
     * change of it needs a restart. Done whether or not the Kubernetes API is used, since they are configuration.
     */
    public void originate(OriginatedPrefixes sink) {
        for (Prefix p : prefixes) {
            LOG.info(
                    "Service CIDR {} (kubernetes.serviceCIDRs): originating it for peers with advertise.clusterIPs", p);
            sink.originate(p, RibConfigFactory.CLUSTER_IPS);
        }
    }
}
