package io.ovnbgp.bridge.bgp;

import io.ovnbgp.bgp.policy.AdvertisePolicy;
import io.ovnbgp.bgp.policy.PrefixRule;
import io.ovnbgp.bgp.policy.ReceiveMode;
import io.ovnbgp.bgp.policy.ReceivePolicy;
import io.ovnbgp.bgp.rib.MaxPrefixAction;
import io.ovnbgp.bgp.rib.PeerRibConfig;
import io.ovnbgp.bgp.wire.Communities;
import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.LargeCommunities;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bridge.config.BridgeConfig;
import io.ovnbgp.bridge.config.ConfigValidator;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Turns a validated peer's {@code receive}, {@code advertise} and {@code maxPrefixes} into RIB policy. */
public final class RibConfigFactory {
    /** Tags of locally originated prefixes, one per {@code advertise} switch. */
    public static final String POD_NETWORK = "podNetwork";

    public static final String LOAD_BALANCER_IPS = "loadBalancerIPs";
    public static final String EXTERNAL_IPS = "externalIPs";
    public static final String NODE_IP = "nodeIP";
    /** The Service CIDRs, and ClusterIPs of externalTrafficPolicy Local Services with a ready endpoint here. */
    public static final String CLUSTER_IPS = "clusterIPs";
    /** How long a peer torn down for too many prefixes stays down before we connect again. */
    static final Duration MAX_PREFIX_RESTART = Duration.ofSeconds(60);

    private RibConfigFactory() {}

    public static PeerRibConfig from(BridgeConfig.Peer p) {
        return new PeerRibConfig(
                receive(p.receive()),
                advertise(p.advertise()),
                p.maxPrefixes().limit(),
                MaxPrefixAction.valueOf(p.maxPrefixes().action().toUpperCase(Locale.ROOT)),
                MAX_PREFIX_RESTART,
                false);
    }

    /** Whether two entries of one peer ask for the same RIB policy (receive, advertise, maxPrefixes). */
    public static boolean samePolicy(BridgeConfig.Peer a, BridgeConfig.Peer b) {
        return a.receive().equals(b.receive())
                && a.advertise().equals(b.advertise())
                && a.maxPrefixes().equals(b.maxPrefixes());
    }

    static ReceivePolicy receive(BridgeConfig.Receive r) {
        ReceiveMode mode = ReceiveMode.valueOf(r.mode().toUpperCase(Locale.ROOT));
        List<PrefixRule> rules = new ArrayList<>();
        for (BridgeConfig.PrefixFilter f : r.prefixes()) {
            rules.add(PrefixRule.of(Prefix.parse(f.prefix()), f.ge(), f.le()));
        }
        ReceivePolicy policy = ReceivePolicy.of(mode, rules, new int[0], null);
        return r.setLocalPref() == null ? policy : policy.withLocalPref(r.setLocalPref());
    }

    static AdvertisePolicy advertise(BridgeConfig.Advertise a) {
        Set<String> tags = new LinkedHashSet<>();
        if (a.podNetwork()) {
            tags.add(POD_NETWORK);
        }
        if (a.loadBalancerIPs()) {
            tags.add(LOAD_BALANCER_IPS);
        }
        if (a.externalIPs()) {
            tags.add(EXTERNAL_IPS);
        }
        if (a.nodeIP()) {
            tags.add(NODE_IP);
        }
        if (a.clusterIPs()) {
            tags.add(CLUSTER_IPS);
        }
        int[] communities =
                a.communities().stream().mapToInt(RibConfigFactory::community).toArray();
        long[] large = a.largeCommunities().stream()
                .flatMapToLong(c -> Arrays.stream(LargeCommunities.parse(c)))
                .toArray();
        AdvertisePolicy policy = AdvertisePolicy.DEFAULT
                .withTags(tags)
                .withCommunities(communities.length == 0 ? Communities.NONE : Communities.of(communities))
                .withLargeCommunities(large.length == 0 ? LargeCommunities.NONE : LargeCommunities.of(large))
                .withAsPathPrepend(a.asPathPrepend());
        if (a.nextHop() != null || a.nextHop6() != null) {
            // explicit next hops replace next-hop-self; a family given none is not advertised (counted as skipped)
            policy = policy.withNextHopSelf(false)
                    .withIpv4NextHop(a.nextHop() == null ? null : IpAddress.parse(a.nextHop()))
                    .withIpv6NextHop(a.nextHop6() == null ? null : IpAddress.parse(a.nextHop6()));
        }
        return policy;
    }

    private static int community(String text) {
        Long wellKnown = ConfigValidator.WELL_KNOWN_COMMUNITIES.get(text);
        return wellKnown != null ? (int) (long) wellKnown : Communities.parse(text);
    }
}
