package io.ovnbgp.bridge.ovn;

import io.ovnbgp.bridge.ovn.RoutePlanner.RowKey;
import io.ovnbgp.bridge.ovn.StaticRouteReconciler.Settings;
import io.ovnbgp.ovsdb.client.Op;
import io.ovnbgp.ovsdb.client.Uuid;
import io.ovnbgp.ovsdb.nb.Bfd;
import io.ovnbgp.ovsdb.nb.NbOps;
import io.ovnbgp.ovsdb.nb.NbSnapshot;
import io.ovnbgp.ovsdb.nb.StaticRoute;
import io.ovnbgp.ovsdb.nb.StaticRouteSpec;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** What the rows we write look like, from {@code ovn.*}: a route row for a key, and its BFD row when enabled. */
final class RouteColumns {
    private final Settings settings;
    private final Map<String, String> ownerIds;

    RouteColumns(Settings settings) {
        this.settings = settings;
        this.ownerIds = Map.of(StaticRouteReconciler.OWNER_KEY, settings.node());
    }

    boolean bfd() {
        return settings.bfd();
    }

    /**
     * The uuid our row for {@code k} is inserted with: a name-based uuid of the node, router, route table, policy,
     * prefix and next hop, the same every time, so that the server itself refuses a second row of ours for the
     * key ("duplicate uuid"), whatever our view of NB, at the cost of a hash lookup. A row adopted from before
     * (another uuid) is diffed and kept like any other.
     */
    Uuid rowUuid(RowKey k) {
        String name = String.join(
                "\n",
                "ovn-bgp-bridge static route",
                settings.node(),
                settings.router(),
                settings.routeTable(),
                settings.policy(),
                k.prefix(),
                k.nexthop());
        return Uuid.of(
                UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString());
    }

    /** The route row for {@code k}; {@code bfd} is the BFD row's Uuid or NamedUuid, or null. */
    StaticRouteSpec spec(RowKey k, Object bfd) {
        return new StaticRouteSpec(
                k.prefix(),
                k.nexthop(),
                outputPort(),
                Optional.of(settings.policy()),
                settings.routeTable(),
                Optional.ofNullable(bfd),
                Map.of(),
                ownerIds);
    }

    /**
     * Whether {@code row} already has every column as we write it for {@code k}; the policy compared with OVN's
     * default applied (an unset policy is dst-ip), the BFD column against the session row NB has for the hop.
     */
    boolean upToDate(StaticRoute row, RowKey k, NbSnapshot snap) {
        boolean bfdOk;
        if (settings.bfd()) {
            Optional<Bfd> b = snap.bfd(settings.outputPort(), k.nexthop());
            bfdOk = b.isPresent() && row.bfd().equals(Optional.of(b.get().uuid()));
        } else {
            bfdOk = row.bfd().isEmpty();
        }
        return bfdOk
                && row.ipPrefix().equals(k.prefix())
                && row.nexthop().equals(k.nexthop())
                && row.outputPort().equals(outputPort())
                && row.effectivePolicy().equals(settings.policy())
                && row.routeTable().equals(settings.routeTable())
                && row.options().isEmpty()
                && row.externalIds().equals(ownerIds);
    }

    /** The BFD row NB has for a next hop on our port (ours or not: the table is indexed on port and address). */
    Optional<Bfd> existingBfd(NbSnapshot snap, String nexthop) {
        return snap.bfd(settings.outputPort(), nexthop);
    }

    /** A new BFD session row for a next hop, with our owner key so that we remove it once unused. */
    Op.Insert bfdInsert(String nexthop, String uuidName) {
        return NbOps.addBfd(
                settings.outputPort(),
                nexthop,
                settings.bfdMinTx(),
                settings.bfdMinRx(),
                settings.bfdDetectMult(),
                ownerIds,
                uuidName);
    }

    /** Whether we created this BFD row. */
    boolean owns(Bfd b) {
        return settings.node().equals(b.externalIds().get(StaticRouteReconciler.OWNER_KEY));
    }

    private Optional<String> outputPort() {
        return settings.hasOutputPort() ? Optional.of(settings.outputPort()) : Optional.empty();
    }
}
