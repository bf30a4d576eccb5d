package io.ovnbgp.bridge.ovn;

import io.ovnbgp.bgp.rib.OriginAttributes;
import io.ovnbgp.bgp.rib.Rib;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bridge.bgp.RibConfigFactory;
import io.ovnbgp.ovsdb.nb.LogicalSwitch;
import io.ovnbgp.ovsdb.nb.NbSnapshot;
import io.ovnbgp.ovsdb.nb.NorthboundListener;
import io.ovnbgp.ovsdb.nb.RowChange;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's Pod subnets, read from the Logical_Switch named after the node ({@code other_config:subnet},
 * {@code other_config:ipv6_prefix}), originated into the RIB with the tag {@code podNetwork}; a changed or
 * removed subnet is withdrawn. Watches NB: no polling.
 */
public final class PodNetworkSource implements NorthboundListener {
    private static final Logger LOG = LoggerFactory.getLogger(PodNetworkSource.class);

    private final String nodeName;
    private final Rib rib;
    /** Touched only on the NB client's event thread. */
    private Set<Prefix> originated = Set.of();

    public PodNetworkSource(String nodeName, Rib rib) {
        this.nodeName = nodeName;
        this.rib = rib;
    }

    @Override
    public void resynced(NbSnapshot snapshot) {
        update(snapshot);
    }

    @Override
    public void changed(List<RowChange> changes, NbSnapshot after) {
        update(after);
    }

    private void update(NbSnapshot snapshot) {
        Set<Prefix> wanted = snapshot.logicalSwitch(nodeName).map(PodNetworkSource::subnets).orElse(Set.of());
        if (wanted.equals(originated)) {
            return;
        }
        for (Prefix p : originated) {
            if (!wanted.contains(p)) {
                LOG.info("Pod subnet {} of node {} is gone: withdrawing it", p, nodeName);
                rib.withdrawOriginated(p);
            }
        }
        for (Prefix p : wanted) {
            if (!originated.contains(p)) {
                LOG.info("Pod subnet {} of node {}: advertising it", p, nodeName);
                rib.originate(p, OriginAttributes.tagged(RibConfigFactory.POD_NETWORK));
            }
        }
        originated = wanted;
    }

    /**
     * {@code subnet} holds one or more CIDRs (space or comma separated); {@code ipv6_prefix} an IPv6 prefix that
     * OVN reads as a /64 when it carries no length. What does not parse is logged and skipped.
     */
    static Set<Prefix> subnets(LogicalSwitch ls) {
        Set<Prefix> out = new LinkedHashSet<>();
        for (String key : List.of("subnet", "ipv6_prefix")) {
            String v = ls.otherConfig().get(key);
            if (v == null) {
                continue;
            }
            for (String s : v.trim().split("[\\s,]+")) {
                if (s.isEmpty()) {
                    continue;
                }
                String cidr = key.equals("ipv6_prefix") && !s.contains("/") ? s + "/64" : s;
                try {
                    out.add(Prefix.of(io.ovnbgp.bgp.wire.IpAddress.parse(cidr.substring(0, cidr.indexOf('/'))),
                            Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1))));
                } catch (RuntimeException e) {
                    LOG.warn("Logical_Switch {} other_config:{}: '{}' is not a prefix; ignored", ls.name(), key, s);
                }
            }
        }
        return out;
    }
}
