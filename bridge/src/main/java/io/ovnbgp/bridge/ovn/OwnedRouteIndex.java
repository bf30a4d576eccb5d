package io.ovnbgp.bridge.ovn;

import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.ovsdb.client.Uuid;
import io.ovnbgp.ovsdb.nb.LogicalRouter;
import io.ovnbgp.ovsdb.nb.NbRow;
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
 *
 * <p>Our commits run ahead of the monitor: when the writer reads the report of a row it wrote, it may already have
 * rewritten or deleted that row since. So each row we wrote or deleted is remembered as {@link #echoes} until the
 * monitor reports it in that state; reports of the row before then are of our own earlier states and are ignored.
 * (Before this, the report of a row we had inserted, read after we had deleted it, put it back in the index, and
 * the report of our delete then counted as "deleted by another writer".)
 */
final class OwnedRouteIndex {
    private final String node;
    private final String routerName;
    private final Map<Uuid, StaticRoute> byUuid = new HashMap<>();
    private final Map<Prefix, Map<Uuid, StaticRoute>> byPrefix = new HashMap<>();
    private final Map<String, Map<Uuid, StaticRoute>> unreadable = new HashMap<>();
    /** How many of our rows use each next hop (canonical text): what the BFD rows we made are still for. */
    private final Map<String, Integer> nexthopUses = new HashMap<>();
    /** Rows we wrote (their state as written) or deleted (empty) whose report has not come yet. */
    private final Map<Uuid, Optional<StaticRoute>> echoes = new HashMap<>();

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
        nexthopUses.clear();
        echoes.clear();
        r.ifPresent(lr -> s.staticRoutesOf(lr).stream().filter(this::owns).forEach(this::put));
        return r.isPresent();
    }

    /** The router's uuid at the last {@link #adopt}, null when it was missing. */
    Uuid router() {
        return router;
    }

    /**
     * Whether {@code changes} made {@code after} name a different router (created, replaced, renamed or removed):
     * then adopt anew. Looked up by name only when a router row of that name came, went or was renamed; a change of
     * our router's routes (every transaction's) is not one.
     */
    boolean routerChanged(List<RowChange> changes, NbSnapshot after) {
        for (RowChange ch : changes) {
            if (ch.table() == NbTable.LOGICAL_ROUTER && (named(ch.before()) || named(ch.after()))) {
                boolean sameRouter = ch.kind() == RowChange.Kind.MODIFIED
                        && ch.uuid().equals(router)
                        && named(ch.before())
                        && named(ch.after());
                if (!sameRouter
                        && !Objects.equals(
                                after.router(routerName)
                                        .map(LogicalRouter::uuid)
                                        .orElse(null),
                                router)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean named(NbRow row) {
        return row instanceof LogicalRouter r && r.name().equals(routerName);
    }

    /** A transaction of ours committed: these rows are now as written, these are gone. */
    void committed(Collection<StaticRoute> written, Collection<StaticRoute> deleted) {
        for (StaticRoute r : written) {
            put(r);
            echoes.put(r.uuid(), Optional.of(r));
        }
        for (StaticRoute d : deleted) {
            remove(d.uuid());
            echoes.put(d.uuid(), Optional.empty());
        }
    }

    /**
     * Another writer's changes (and the reports of ours, which are ignored): each row whose prefix needs a new diff
     * goes to {@code touched}, each row of ours deleted by someone else to {@code deletedByOther} (whether that
     * needs a repair depends on what BGP wants now, which the caller knows). Work in proportion to the changes.
     */
    void follow(
            List<RowChange> changes,
            NbSnapshot after,
            Consumer<StaticRoute> touched,
            Consumer<StaticRoute> deletedByOther) {
        for (RowChange ch : changes) {
            if (ch.table() != NbTable.STATIC_ROUTE) {
                continue;
            }
            Uuid u = ch.uuid();
            Optional<StaticRoute> echo = echoes.get(u);
            if (echo != null) {
                if (ch.kind() == RowChange.Kind.DELETED) {
                    echoes.remove(u);
                    if (echo.isEmpty()) {
                        continue; // the report of our delete
                    }
                    // deleted by another writer after our write: handled below
                } else {
                    if (echo.isPresent() && echo.get().equals(ch.after())) {
                        echoes.remove(u); // the report of our write, as we made it
                    }
                    // else a state before our latest write of the row (ours or not): ours supersedes it
                    continue;
                }
            }
            if (ch.kind() == RowChange.Kind.DELETED) {
                StaticRoute gone = remove(u);
                if (gone != null) {
                    deletedByOther.accept(gone);
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
            } else if (owns(now) && router != null && onRouter(after, u)) {
                // a row with our key we did not write in this life (a late commit, another instance): diff it
                put(now);
                touched.accept(now);
            }
        }
    }

    /** Whether our router references {@code route} in {@code s}: one lookup in its set, not an index of all. */
    private boolean onRouter(NbSnapshot s, Uuid route) {
        LogicalRouter r = s.routers().get(router);
        return r != null && r.staticRoutes().contains(route);
    }

    /** Reports of our own writes not seen yet (bounded by the rows of the transactions in flight). */
    int echoesAwaited() {
        return echoes.size();
    }

    /**
     * The audit found the index equal to the cache after a quiet spell: reports still awaited then can only be of
     * writes that changed nothing (e.g. a row another writer had already set so); forget them.
     */
    void forgetEchoes() {
        echoes.clear();
    }

    void put(StaticRoute row) {
        StaticRoute old = byUuid.put(row.uuid(), row);
        if (old != null) {
            unindex(old);
        }
        nexthopUses.merge(RoutePlanner.canonicalNextHop(row.nexthop()), 1, Integer::sum);
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
        nexthopUses.computeIfPresent(RoutePlanner.canonicalNextHop(row.nexthop()), (k, n) -> n == 1 ? null : n - 1);
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

    /** How many of our rows use this next hop (canonical text). */
    int usesOf(String nexthop) {
        return nexthopUses.getOrDefault(nexthop, 0);
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
