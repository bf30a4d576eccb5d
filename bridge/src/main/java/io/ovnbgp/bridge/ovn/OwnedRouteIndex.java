package io.ovnbgp.bridge.ovn;

import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.ovsdb.client.Uuid;
import io.ovnbgp.ovsdb.nb.LogicalRouter;
import io.ovnbgp.ovsdb.nb.NbSnapshot;
import io.ovnbgp.ovsdb.nb.NbTable;
import io.ovnbgp.ovsdb.nb.RowChange;
import io.ovnbgp.ovsdb.nb.StaticRoute;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The rows with our owner key on the target router, as the writer believes them: from the NB snapshot at each
 * resync, then our own committed effects and the monitor's reports of other writers' changes. Indexed by uuid and
 * by prefix (for the diff); a row whose {@code ip_prefix} reads as no prefix (another writer's edit) is kept apart,
 * by its text: BGP never wants it, it only waits to be deleted. Writer thread only.
 */
final class OwnedRouteIndex {
    private final String node;
    private final String routerName;
    private final Map<Uuid, StaticRoute> byUuid = new HashMap<>();
    private final Map<Prefix, Map<Uuid, StaticRoute>> byPrefix = new HashMap<>();
    private final Map<String, Map<Uuid, StaticRoute>> unreadable = new HashMap<>();
    private Uuid router;

    OwnedRouteIndex(String node, String routerName) {
        this.node = node;
        this.routerName = routerName;
    }

    /** The prefix a row is for, empty when its text reads as none. */
    static Optional<Prefix> prefixOf(StaticRoute row) {
        try {
            return Optional.of(Prefix.parse(row.ipPrefix()));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    boolean owns(StaticRoute row) {
        return node.equals(row.externalIds().get(StaticRouteReconciler.OWNER_KEY));
    }

    /** Replaces the index with the owned rows of the router in {@code s}; false when NB has no such router. */
    boolean adopt(NbSnapshot s) {
        Optional<LogicalRouter> r = s.router(routerName);
        router = r.map(LogicalRouter::uuid).orElse(null);
        byUuid.clear();
        byPrefix.clear();
        unreadable.clear();
        r.ifPresent(lr -> s.staticRoutesOf(lr).stream().filter(this::owns).forEach(this::put));
        return r.isPresent();
    }

    /** The router's uuid at the last {@link #adopt}, null when it was missing. */
    Uuid router() {
        return router;
    }

    /** Whether {@code after} names a different router (created, replaced or removed): then adopt anew. */
    boolean routerChanged(NbSnapshot after) {
        return !Objects.equals(after.router(routerName).map(LogicalRouter::uuid).orElse(null), router);
    }

    /**
     * Another writer's changes (and the echo of ours, which match the index and are ignored): each row whose
     * prefix needs a new diff goes to {@code touched}, each repair to make to {@code repaired}.
     */
    void follow(List<RowChange> changes, NbSnapshot after, Consumer<StaticRoute> touched, Consumer<String> repaired) {
        for (RowChange ch : changes) {
            if (ch.table() != NbTable.STATIC_ROUTE) {
                continue;
            }
            Uuid u = ch.uuid();
            if (ch.kind() == RowChange.Kind.DELETED) {
                StaticRoute gone = remove(u);
                if (gone != null) {
                    repaired.accept("row " + u + " (" + gone.ipPrefix() + " via " + gone.nexthop() + ") deleted by "
                            + "another writer");
                    touched.accept(gone);
                }
                continue;
            }
            StaticRoute now = (StaticRoute) ch.after();
            StaticRoute mine = byUuid.get(u);
            if (mine != null) {
                if (!mine.equals(now)) {
                    put(now);
                    touched.accept(mine);
                    touched.accept(now);
                }
            } else if (owns(now)
                    && router != null
                    && after.routerOf(u)
                            .map(LogicalRouter::uuid)
                            .filter(router::equals)
                            .isPresent()) {
                // a row with our key we did not write in this life (a late commit, another instance): diff it
                put(now);
                touched.accept(now);
            }
        }
    }

    void put(StaticRoute row) {
        StaticRoute old = byUuid.put(row.uuid(), row);
        if (old != null) {
            unindex(old);
        }
        Optional<Prefix> p = prefixOf(row);
        Map<Uuid, StaticRoute> group = p.isPresent()
                ? byPrefix.computeIfAbsent(p.get(), k -> new HashMap<>())
                : unreadable.computeIfAbsent(row.ipPrefix(), k -> new HashMap<>());
        group.put(row.uuid(), row);
    }

    StaticRoute remove(Uuid uuid) {
        StaticRoute old = byUuid.remove(uuid);
        if (old != null) {
            unindex(old);
        }
        return old;
    }

    private void unindex(StaticRoute row) {
        Optional<Prefix> p = prefixOf(row);
        if (p.isPresent()) {
            removeFrom(byPrefix, p.get(), row.uuid());
        } else {
            removeFrom(unreadable, row.ipPrefix(), row.uuid());
        }
    }

    private static <K> void removeFrom(Map<K, Map<Uuid, StaticRoute>> index, K key, Uuid uuid) {
        Map<Uuid, StaticRoute> m = index.get(key);
        if (m != null) {
            m.remove(uuid);
            if (m.isEmpty()) {
                index.remove(key);
            }
        }
    }

    int size() {
        return byUuid.size();
    }

    Collection<StaticRoute> rows() {
        return byUuid.values();
    }

    /** Our rows for {@code p}. */
    Collection<StaticRoute> rowsOf(Prefix p) {
        return byPrefix.getOrDefault(p, Map.of()).values();
    }

    Set<Prefix> prefixes() {
        return byPrefix.keySet();
    }

    /** Our rows whose prefix text reads as no prefix, by that text. */
    Map<String, Map<Uuid, StaticRoute>> unreadable() {
        return unreadable;
    }

    /** How many owned rows the router has in {@code s} when they differ from the index, else -1. */
    int differsFrom(NbSnapshot s) {
        Map<Uuid, StaticRoute> actual = new HashMap<>();
        s.router(routerName)
                .ifPresent(r ->
                        s.staticRoutesOf(r).stream().filter(this::owns).forEach(row -> actual.put(row.uuid(), row)));
        return actual.equals(byUuid) ? -1 : actual.size();
    }
}
