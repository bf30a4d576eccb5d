package io.ovnbgp.bgp.rib;

import io.ovnbgp.bgp.wire.Prefix;
import java.util.Collections;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/**
 * The locally originated prefixes: the only thing this speaker ever advertises. Owned by the RIB thread; sorted,
 * so that dumps are deterministic.
 */
final class LocalRib {
    private final TreeMap<Prefix, OriginAttributes> routes = new TreeMap<>();

    /** Returns the previous attributes, or null. */
    OriginAttributes put(Prefix p, OriginAttributes a) {
        return routes.put(p, a);
    }

    OriginAttributes remove(Prefix p) {
        return routes.remove(p);
    }

    OriginAttributes get(Prefix p) {
        return routes.get(p);
    }

    NavigableMap<Prefix, OriginAttributes> view() {
        return Collections.unmodifiableNavigableMap(routes);
    }

    Map<Prefix, OriginAttributes> copy() {
        return Map.copyOf(routes);
    }

    int size() {
        return routes.size();
    }
}
