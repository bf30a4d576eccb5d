package io.ovnbgp.ovsdb.nb;

import io.ovnbgp.ovsdb.client.Uuid;

/** A typed, immutable view of one monitored Northbound row. */
public sealed interface NbRow
        permits LogicalRouter, StaticRoute, LogicalRouterPort, LogicalSwitch, LoadBalancer, Bfd, NbGlobal {
    Uuid uuid();

    NbTable table();
}
