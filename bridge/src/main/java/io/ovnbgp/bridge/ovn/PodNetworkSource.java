package io.ovnbgp.bridge.ovn;

import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bridge.bgp.OriginatedPrefixes;
import io.ovnbgp.bridge.bgp.RibConfigFactory;
import io.ovnbgp.ovsdb.nb.LogicalSwitch;
import io.ovnbgp.ovsdb.nb.NbRow;
import io.ovnbgp.ovsdb.nb.NbSnapshot;
import io.ovnbgp.ovsdb.nb.NbTable;
import io.ovnbgp.ovsdb.nb.NorthboundListener;
import io.ovnbgp.ovsdb.nb.RowChange;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's Pod subnets, read from the Logical_Switch named after the node ({@code other_config:subnet},
 * {@code other_config:ipv6_prefix}), originated with the tag {@code podNetwork}; a changed or removed subnet is
 * withdrawn. Where NB has none (the switch not created yet, or a layout that keeps them elsewhere) the subnets of
 * the Node's {@code k8s.ovn.org/node-subnets} annotation are used, fed by {@link #annotatedSubnets}. NB wins
 * when it has any: it is what OVN actually routes. Watches NB and the Node: no polling.
 */
public final class PodNetworkSource implements NorthboundListener {
    private static final Logger LOG = LoggerFactory.getLogger(PodNetworkSource.class);

    private final String nodeName;
    private final OriginatedPrefixes sink;
    /** Guarded by this (NB events and the Node informer call from their own threads). */
    private Set<Prefix> fromNorthbound = Set.of();

    private Set<Prefix> fromAnnotation = Set.of();
    private Set<Prefix> originated = Set.of();

    public PodNetworkSource(String nodeName, OriginatedPrefixes sink) {
        this.nodeName = nodeName;
        this.sink = sink;
    }

    @Override
    public void resynced(NbSnapshot snapshot) {
        northbound(snapshot);
    }

    /** Looks again only when the node's switch is among the changed rows: nothing per other change. */
    @Override
    public void changed(List<RowChange> changes, NbSnapshot after) {
        for (RowChange c : changes) {
            if (c.table() == NbTable.LOGICAL_SWITCH && (named(c.before()) || named(c.after()))) {
                northbound(after);
                return;
            }
        }
    }

    private boolean named(NbRow row) {
        return row instanceof LogicalSwitch ls && ls.name().equals(nodeName);
    }

    private synchronized void northbound(NbSnapshot snapshot) {
        fromNorthbound =
                snapshot.logicalSwitch(nodeName).map(PodNetworkSource::subnets).orElse(Set.of());
        update();
    }

    /** The subnets the Node object's annotation gives (empty when it has none or the Node is gone). */
    public synchronized void annotatedSubnets(Set<Prefix> subnets) {
        fromAnnotation = Set.copyOf(subnets);
        update();
    }

    /** The subnets advertised now, and whether they come from NB or the annotation: for {@code /status}. */
    public synchronized Map<String, Object> view() {
        return Map.of(
                "subnets",
                originated.stream().map(Prefix::toString).sorted().toList(),
                "from",
                originated.isEmpty() ? "none" : fromNorthbound.isEmpty() ? "node annotation" : "northbound");
    }

    private void update() {
        Set<Prefix> wanted = fromNorthbound.isEmpty() ? fromAnnotation : fromNorthbound;
        if (wanted.equals(originated)) {
            return;
        }
        String from = fromNorthbound.isEmpty() ? "the k8s.ovn.org/node-subnets annotation" : "northbound";
        sink.replace(originated, wanted, RibConfigFactory.POD_NETWORK, (p, added) -> {
            if (added) {
                LOG.info("Pod subnet {} of node {} (from {}): advertising it", p, nodeName, from);
            } else {
                LOG.info("Pod subnet {} of node {} is gone: withdrawing it", p, nodeName);
            }
        });
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
                    out.add(Prefix.of(
                            io.ovnbgp.bgp.wire.IpAddress.parse(cidr.substring(0, cidr.indexOf('/'))),
                            Integer.parseInt(cidr.substring(cidr.indexOf('/') + 1))));
                } catch (RuntimeException e) {
                    LOG.warn("Logical_Switch {} other_config:{}: '{}' is not a prefix; ignored", ls.name(), key, s);
                }
            }
        }
        return out;
    }
}
