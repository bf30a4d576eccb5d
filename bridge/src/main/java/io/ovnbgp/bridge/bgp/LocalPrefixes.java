package io.ovnbgp.bridge.bgp;

import io.ovnbgp.bgp.rib.OriginAttributes;
import io.ovnbgp.bgp.rib.Rib;
import io.ovnbgp.bgp.wire.Prefix;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The prefixes this node originates, merged over every source (NB Pod subnets, the Node object, Services): one
 * origination per prefix, carrying the union of the tags its sources gave it, withdrawn when the last source lets
 * go. Without the merge, a node address that is also a Service's external IP would be withdrawn by whichever
 * source stopped wanting it first.
 *
 * <p>Sources call from their own threads (NB events, informers); the lock orders their calls into the RIB, which
 * only posts them to its thread.
 */
public final class LocalPrefixes {
    private final Rib rib;
    /** Guarded by this: per prefix, per source, the tags that source wants. */
    private final Map<Prefix, Map<String, Set<String>>> wanted = new HashMap<>();

    private final Map<Prefix, Set<String>> originated = new HashMap<>();

    public LocalPrefixes(Rib rib) {
        this.rib = Objects.requireNonNull(rib, "rib");
    }

    /** The sink one source writes into; its calls never disturb what other sources want. */
    public OriginatedPrefixes source(String name) {
        Objects.requireNonNull(name, "name");
        return new OriginatedPrefixes() {
            @Override
            public void originate(Prefix prefix, Set<String> tags) {
                set(name, prefix, tags);
            }

            @Override
            public void withdraw(Prefix prefix) {
                set(name, prefix, null);
            }

            @Override
            public String toString() {
                return "source " + name;
            }
        };
    }

    private synchronized void set(String source, Prefix prefix, Set<String> tags) {
        Map<String, Set<String>> bySource = wanted.computeIfAbsent(prefix, p -> new HashMap<>());
        if (tags == null) {
            bySource.remove(source);
        } else {
            bySource.put(source, Set.copyOf(tags));
        }
        Set<String> union = new TreeSet<>();
        bySource.values().forEach(union::addAll);
        if (bySource.isEmpty()) {
            wanted.remove(prefix);
        }
        Set<String> before = originated.get(prefix);
        if (union.equals(before == null ? Set.of() : before)) {
            return;
        }
        if (union.isEmpty()) {
            originated.remove(prefix);
            rib.withdrawOriginated(prefix);
        } else {
            originated.put(prefix, Set.copyOf(union));
            rib.originate(prefix, OriginAttributes.tagged(union));
        }
    }

    /** Every originated prefix with its tags and sources, sorted: for {@code /status}. */
    public synchronized Map<String, Object> view() {
        Map<String, Object> out = new LinkedHashMap<>();
        for (Map.Entry<Prefix, Map<String, Set<String>>> e : new TreeMap<>(wanted).entrySet()) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("tags", new TreeSet<>(originated.getOrDefault(e.getKey(), Set.of())));
            one.put("sources", new TreeSet<>(e.getValue().keySet()));
            out.put(e.getKey().toString(), one);
        }
        return out;
    }

    /** One prefix's tags and sources, or null when this node does not originate it. */
    public synchronized Map<String, Object> view(Prefix p) {
        Map<String, Set<String>> bySource = wanted.get(p);
        if (bySource == null) {
            return null;
        }
        Map<String, Object> one = new LinkedHashMap<>();
        one.put("tags", new TreeSet<>(originated.getOrDefault(p, Set.of())));
        one.put("sources", new TreeSet<>(bySource.keySet()));
        return one;
    }

    /** Per tag, how many prefixes carry it: for metrics. */
    public synchronized Map<String, Integer> countByTag() {
        Map<String, Integer> out = new TreeMap<>();
        originated.values().forEach(tags -> tags.forEach(t -> out.merge(t, 1, Integer::sum)));
        return out;
    }
}
