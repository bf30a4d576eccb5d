package io.ovnbgp.bgp.rib;

import io.ovnbgp.bgp.wire.AsPath;
import io.ovnbgp.bgp.wire.Communities;
import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.LargeCommunities;
import io.ovnbgp.bgp.wire.MpNextHop;
import io.ovnbgp.bgp.wire.PathAttributes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;

/**
 * One shared immutable object per distinct attribute set, and inside those one per distinct AS_PATH, COMMUNITIES,
 * LARGE_COMMUNITY and next hop. Attribute sets are reference-counted by the paths holding them
 * ({@link #retain}/{@link #release}) and dropped by {@link #purge} once unused, which the RIB calls between tasks
 * (never while a path is being rewritten, when its count is briefly zero). The components, shared between sets,
 * are interned in plain maps that are rebuilt from the live sets once as many sets have been dropped as are
 * alive (weak interners cost a quarter of the interning time in a full-table load). RIB thread only.
 */
final class AttributeInterner {
    private final HashMap<PathAttributes, RouteAttrs> sets = new HashMap<>();
    private final List<RouteAttrs> maybeUnused = new ArrayList<>();
    private final Pool<AsPath> paths = new Pool<>();
    private final Pool<Communities> communities = new Pool<>();
    private final Pool<LargeCommunities> large = new Pool<>();
    private final Pool<IpAddress> addresses = new Pool<>();
    private final Pool<MpNextHop> mpNextHops = new Pool<>();
    private RouteAttrs last;
    private int droppedSinceRebuild;
    /** Held sets by {@link RouteAttrs#id} (0 is no set), and the ids of dropped sets, to be given again. */
    private RouteAttrs[] byId = new RouteAttrs[1024];

    private int[] freeIds = new int[64];
    private int freeCount;
    private int nextId = 1;

    /** One canonical instance per value. */
    private static final class Pool<T> {
        private HashMap<T, T> map = new HashMap<>();

        T intern(T t) {
            T c = map.putIfAbsent(t, t);
            return c == null ? t : c;
        }

        void clear() {
            map = new HashMap<>();
        }

        int size() {
            return map.size();
        }
    }

    /** The shared set equal to {@code a}; a new one starts with no references. */
    RouteAttrs intern(PathAttributes a) {
        RouteAttrs l = last;
        if (l != null && (l.attrs == a || l.attrs.equals(a))) {
            return l; // consecutive UPDATEs very often carry the same set
        }
        RouteAttrs r = sets.get(a);
        if (r == null) {
            r = new RouteAttrs(canonical(a));
            r.id = newId();
            byId[r.id] = r;
            sets.put(r.attrs, r);
            maybeUnused.add(r);
        }
        last = r;
        return r;
    }

    /** {@code a} with its components replaced by the pooled instances: one copy, its hash carried over. */
    private PathAttributes canonical(PathAttributes a) {
        MpNextHop mp = a.mpNextHop().orElse(null);
        if (mp != null) {
            mp = mpNextHops.intern(new MpNextHop(
                    addresses.intern(mp.global()), mp.linkLocal() == null ? null : addresses.intern(mp.linkLocal())));
        }
        return a.withSharedComponents(
                a.asPath().map(paths::intern).orElse(null),
                a.communities().isEmpty() ? null : communities.intern(a.communities()),
                a.largeCommunities().isEmpty() ? null : large.intern(a.largeCommunities()),
                a.nextHop().map(addresses::intern).orElse(null),
                mp);
    }

    private int newId() {
        if (freeCount > 0) {
            return freeIds[--freeCount];
        }
        if (nextId == byId.length) {
            byId = Arrays.copyOf(byId, byId.length * 2);
        }
        return nextId++;
    }

    /** The held set with this id; null for 0. */
    RouteAttrs byId(int id) {
        return byId[id];
    }

    /** The set's id; 0 for null. */
    static int id(RouteAttrs r) {
        return r == null ? 0 : r.id;
    }

    void retain(RouteAttrs r) {
        if (r != null) {
            r.refs++;
        }
    }

    void release(RouteAttrs r) {
        if (r != null && --r.refs == 0) {
            maybeUnused.add(r);
        }
    }

    /** Drops the sets no path refers to any more. */
    void purge() {
        if (maybeUnused.isEmpty()) {
            return;
        }
        for (RouteAttrs r : maybeUnused) {
            if (r.refs == 0 && sets.get(r.attrs) == r) {
                sets.remove(r.attrs);
                byId[r.id] = null;
                if (freeCount == freeIds.length) {
                    freeIds = Arrays.copyOf(freeIds, freeCount * 2);
                }
                freeIds[freeCount++] = r.id;
                droppedSinceRebuild++;
                if (last == r) {
                    last = null;
                }
            }
        }
        maybeUnused.clear();
        if (droppedSinceRebuild > Math.max(1024, sets.size())) {
            rebuildPools();
        }
    }

    /** Keeps only the components live sets use (they are the canonical instances already). */
    private void rebuildPools() {
        droppedSinceRebuild = 0;
        paths.clear();
        communities.clear();
        large.clear();
        addresses.clear();
        mpNextHops.clear();
        for (PathAttributes a : sets.keySet()) {
            a.asPath().ifPresent(paths::intern);
            if (!a.communities().isEmpty()) {
                communities.intern(a.communities());
            }
            if (!a.largeCommunities().isEmpty()) {
                large.intern(a.largeCommunities());
            }
            a.nextHop().ifPresent(addresses::intern);
            a.mpNextHop().ifPresent(nh -> {
                mpNextHops.intern(nh);
                addresses.intern(nh.global());
                if (nh.linkLocal() != null) {
                    addresses.intern(nh.linkLocal());
                }
            });
        }
    }

    AsPath internPath(AsPath p) {
        return paths.intern(p);
    }

    /** Canonical AS paths held (live sets' and, until the next rebuild, dropped sets'). */
    int pooledPaths() {
        return paths.size();
    }

    /** Distinct attribute sets held. */
    int size() {
        return sets.size();
    }
}
