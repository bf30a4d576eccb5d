package io.ovnbgp.ovsdb.nb;

import java.util.Objects;

/**
 * The part of Northbound one node's bridge needs, sent as monitor conditions so that other nodes' changes never
 * reach it: its router (by name), the static routes and BFD rows it owns ({@code external_ids:ownerKey ==
 * ownerValue}), the BFD rows on its output port, and its node switch (by name). {@link NbScope#ALL} monitors every
 * row, as tools and tests want.
 */
public record NbScope(String router, String nodeSwitch, String outputPort, String ownerKey, String ownerValue) {
    public static final NbScope ALL = new NbScope("", "", "", "", "");

    public NbScope {
        Objects.requireNonNull(router, "router");
        Objects.requireNonNull(nodeSwitch, "nodeSwitch");
        Objects.requireNonNull(outputPort, "outputPort");
        Objects.requireNonNull(ownerKey, "ownerKey");
        Objects.requireNonNull(ownerValue, "ownerValue");
    }

    public boolean isAll() {
        return router.isEmpty();
    }
}
