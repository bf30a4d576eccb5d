package io.ovnbgp.bridge.ovn;

import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.ovsdb.client.Uuid;
import io.ovnbgp.ovsdb.nb.StaticRoute;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;

/**
 * The diff of one prefix: which of our rows to keep, rewrite or delete and which next hops need a new row. Pure
 * (no I/O, no clock), so that the rules are unit-tested.
 *
 * <p>Rules, for a prefix whose wanted next hops are {@code W} and whose owned rows are {@code R} (rows without our
 * owner key are never given to the planner):
 * <ol>
 *   <li>rows are visited in uuid order; the first row for a next hop in {@code W} claims it: kept, or rewritten
 *       ({@link Plan#updates}) when a column differs from what we write (someone edited it);</li>
 *   <li>a further row for an already claimed next hop is a duplicate: deleted (it never carries a route alone);</li>
 *   <li>a row for a next hop not in {@code W} is deleted when {@code mayDelete} says so for it, else kept as
 *       stale (restart without a flap: adopted rows wait for the peers' End-of-RIB);</li>
 *   <li>every next hop of {@code W} left unclaimed gets a new row.</li>
 * </ol>
 */
public final class RoutePlanner {
    private RoutePlanner() {}

    /** One row to write: the prefix and next hop in their canonical text. */
    public record RowKey(String prefix, String nexthop) {}

    /** What to do for a set of prefixes. */
    public record Plan(List<RowKey> inserts, List<Update> updates, List<StaticRoute> deletes, List<StaticRoute> stale) {
        public boolean isEmpty() {
            return inserts.isEmpty() && updates.isEmpty() && deletes.isEmpty();
        }

        public int operations() {
            return inserts.size() + updates.size() + deletes.size();
        }
    }

    /** An existing row of ours to rewrite to {@code key}'s columns. */
    public record Update(StaticRoute row, RowKey key) {}

    /** Accumulates the plans of several prefixes. */
    public static final class Builder {
        private final List<RowKey> inserts = new ArrayList<>();
        private final List<Update> updates = new ArrayList<>();
        private final List<StaticRoute> deletes = new ArrayList<>();
        private final List<StaticRoute> stale = new ArrayList<>();

        /**
         * @param prefix    canonical prefix text
         * @param wanted    canonical next hops that should have a row (already filtered by limits and usability)
         * @param owned     our rows whose canonical prefix is {@code prefix}
         * @param upToDate  whether an owned row already has every column as we write it for that key
         * @param mayDelete whether an unwanted owned row may go now
         */
        public void prefix(
                String prefix,
                Collection<String> wanted,
                Collection<StaticRoute> owned,
                BiPredicate<StaticRoute, RowKey> upToDate,
                BiPredicate<StaticRoute, RowKey> mayDelete) {
            Set<String> want = new LinkedHashSet<>(wanted);
            Set<String> claimed = new LinkedHashSet<>();
            List<StaticRoute> rows = new ArrayList<>(owned);
            rows.sort(Comparator.comparing(StaticRoute::uuid));
            for (StaticRoute r : rows) {
                String nh = canonicalNextHop(r.nexthop());
                RowKey key = new RowKey(prefix, nh);
                if (want.contains(nh)) {
                    if (claimed.add(nh)) {
                        if (!upToDate.test(r, key)) {
                            updates.add(new Update(r, key));
                        }
                    } else {
                        deletes.add(r);
                    }
                } else if (mayDelete.test(r, key)) {
                    deletes.add(r);
                } else {
                    stale.add(r);
                }
            }
            for (String nh : want) {
                if (!claimed.contains(nh)) {
                    inserts.add(new RowKey(prefix, nh));
                }
            }
        }

        public Plan build() {
            return new Plan(List.copyOf(inserts), List.copyOf(updates), List.copyOf(deletes), List.copyOf(stale));
        }

        public int operations() {
            return inserts.size() + updates.size() + deletes.size();
        }
    }

    /** Prefix text as we write it ("10.0.0.0/8", compressed IPv6); unparsable text is returned as it is. */
    public static String canonicalPrefix(String text) {
        try {
            return Prefix.parse(text).toString();
        } catch (RuntimeException e) {
            return text;
        }
    }

    /** Address text as we write it; unparsable text is returned as it is. */
    public static String canonicalNextHop(String text) {
        try {
            return IpAddress.parse(text).toString();
        } catch (RuntimeException e) {
            return text;
        }
    }

    /**
     * The order in which prefixes are admitted under {@code ovn.maxRoutes}: IPv4 before IPv6, shorter prefixes
     * first, then lower addresses. It depends only on the prefixes, never on arrival order, so the same Loc-RIB
     * always yields the same rows (after a restart too, which keeps the adoption of rows exact), and covering
     * routes win over more-specifics: traffic for a held-back more-specific still follows its covering route.
     * Written out rather than composed: the writer's sorted map of wanted prefixes compares with it on every
     * change.
     */
    public static final Comparator<Prefix> ADMISSION_ORDER = RoutePlanner::compareForAdmission;

    private static int compareForAdmission(Prefix a, Prefix b) {
        if (a.isIpv6() != b.isIpv6()) {
            return a.isIpv6() ? 1 : -1;
        }
        int c = Integer.compare(a.length(), b.length());
        if (c == 0) {
            c = Long.compareUnsigned(a.hi(), b.hi());
        }
        return c != 0 ? c : Long.compareUnsigned(a.lo(), b.lo());
    }

    /**
     * The prefixes admitted under {@code maxRows}, from the wanted ones in {@link #ADMISSION_ORDER}: walking that
     * order, a prefix is admitted whole (all its ECMP rows) when its rows still fit, otherwise held back; later,
     * smaller groups may still fit. A prefix is never written with only part of its next hops. The walk stops as
     * soon as the cap is reached, so its cost follows {@code maxRows}, not the size of the table (unless ECMP sets
     * leave a gap that no later prefix fills).
     */
    public static Set<Prefix> admitted(NavigableMap<Prefix, ? extends Collection<?>> wanted, int maxRows) {
        Set<Prefix> admitted = new HashSet<>();
        long used = 0;
        for (Map.Entry<Prefix, ? extends Collection<?>> e : wanted.entrySet()) {
            int n = e.getValue().size();
            if (used + n <= maxRows) {
                used += n;
                admitted.add(e.getKey());
                if (used == maxRows) {
                    break;
                }
            }
        }
        return admitted;
    }

    /** {@link #admitted}'s rule seen from the other side: the prefixes it holds back (none when all fit). */
    public static Set<Prefix> heldBack(Map<Prefix, Integer> rowsPerPrefix, int maxRows) {
        NavigableMap<Prefix, List<Integer>> ordered = new TreeMap<>(ADMISSION_ORDER);
        rowsPerPrefix.forEach((p, n) -> ordered.put(p, Collections.nCopies(n, 0)));
        Set<Prefix> admitted = admitted(ordered, maxRows);
        Set<Prefix> held = new HashSet<>(ordered.keySet());
        held.removeAll(admitted);
        return held;
    }

    /** Whether a next hop can be written: a link-local IPv6 one only with an output port. */
    public static boolean usable(IpAddress nextHop, boolean hasOutputPort) {
        return hasOutputPort || !nextHop.isIpv6LinkLocal();
    }

    /** Uuids of the rows of a plan, for logging. */
    static List<Uuid> uuids(Collection<StaticRoute> rows) {
        return rows.stream().map(StaticRoute::uuid).toList();
    }
}
