package io.ovnbgp.bgp.rib;

import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.Prefix;
import java.util.List;

/**
 * A prefix's new ECMP next-hop set in the Loc-RIB, or its withdrawal (empty set).
 *
 * @param nextHops          distinct, IPv4 before IPv6, numerically ordered; empty = withdrawn
 * @param firstArrivalNanos {@link System#nanoTime()} at which the earliest UPDATE (or session event) that
 *                          contributed to this change reached the RIB's listener
 */
public record RouteChange(Prefix prefix, List<IpAddress> nextHops, long firstArrivalNanos) {

    public RouteChange {
        nextHops = List.copyOf(nextHops);
    }

    public boolean isWithdrawal() {
        return nextHops.isEmpty();
    }
}
