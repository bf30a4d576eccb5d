package io.ovnbgp.bgp.rib;

import io.ovnbgp.bgp.policy.AdvertisePolicy;
import io.ovnbgp.bgp.policy.ReceivePolicy;
import java.time.Duration;

/**
 * What the RIB does with one peer.
 *
 * @param receive             import policy; {@link ReceivePolicy#NONE} (accept nothing) by default
 * @param advertise           export policy over the locally originated prefixes
 * @param maxPrefixes         limit on accepted prefixes (all families together); 0 = no limit
 * @param maxPrefixAction     what exceeding it does
 * @param restartAfter        after a TEARDOWN, when the session starts again; null = stays down
 * @param softReconfigInbound keep the pre-policy paths (rejected ones too) so that a policy change is re-applied
 *                            without asking the peer; otherwise a policy change sends a ROUTE-REFRESH
 */
public record PeerRibConfig(
        ReceivePolicy receive,
        AdvertisePolicy advertise,
        long maxPrefixes,
        MaxPrefixAction maxPrefixAction,
        Duration restartAfter,
        boolean softReconfigInbound) {

    /** Receive nothing, advertise every locally originated prefix, no limit. */
    public static final PeerRibConfig DEFAULT = new PeerRibConfig(
            ReceivePolicy.NONE, AdvertisePolicy.DEFAULT, 0, MaxPrefixAction.TEARDOWN, Duration.ofSeconds(60), false);

    public PeerRibConfig {
        receive = receive == null ? ReceivePolicy.NONE : receive;
        advertise = advertise == null ? AdvertisePolicy.DEFAULT : advertise;
        maxPrefixAction = maxPrefixAction == null ? MaxPrefixAction.TEARDOWN : maxPrefixAction;
        if (maxPrefixes < 0) {
            throw new IllegalArgumentException("maxPrefixes " + maxPrefixes + " is negative");
        }
        if (restartAfter != null && restartAfter.isNegative()) {
            throw new IllegalArgumentException("restartAfter is negative");
        }
    }

    public PeerRibConfig withReceive(ReceivePolicy p) {
        return new PeerRibConfig(p, advertise, maxPrefixes, maxPrefixAction, restartAfter, softReconfigInbound);
    }

    public PeerRibConfig withAdvertise(AdvertisePolicy p) {
        return new PeerRibConfig(receive, p, maxPrefixes, maxPrefixAction, restartAfter, softReconfigInbound);
    }

    public PeerRibConfig withMaxPrefixes(long limit, MaxPrefixAction action, Duration restart) {
        return new PeerRibConfig(receive, advertise, limit, action, restart, softReconfigInbound);
    }

    public PeerRibConfig withSoftReconfigInbound(boolean soft) {
        return new PeerRibConfig(receive, advertise, maxPrefixes, maxPrefixAction, restartAfter, soft);
    }
}
