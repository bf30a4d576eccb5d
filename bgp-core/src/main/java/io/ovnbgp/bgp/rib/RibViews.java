package io.ovnbgp.bgp.rib;

import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.PathAttributes;
import io.ovnbgp.bgp.wire.Prefix;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.TreeMap;

/**
 * Copies of the RIB for status pages, consumers resynchronizing, and tests: taken on the RIB thread, so each is
 * consistent, and handed out as values that share nothing mutable with the RIB.
 */
final class RibViews {
    private static final Comparator<PathView> PATH_ORDER = Comparator.comparing((PathView v) -> !v.best())
            .thenComparing(v -> !v.multipath())
            .thenComparing((v, w) -> Integer.compareUnsigned(v.peerRouterId(), w.peerRouterId()))
            .thenComparing((v, w) -> DecisionProcess.compare(v.peerAddress(), w.peerAddress()))
            .thenComparing(PathView::peer);

    private final PrefixTable table;
    private final LocalRib local;
    private final AttributeInterner interner;
    private final PathArena paths;
    private final Collection<PeerState> peers;

    RibViews(
            PrefixTable table,
            PathArena paths,
            LocalRib local,
            AttributeInterner interner,
            Collection<PeerState> peers) {
        this.table = table;
        this.paths = paths;
        this.local = local;
        this.interner = interner;
        this.peers = peers;
    }

    /**
     * Every accepted path of the prefix: the best first, then the rest of the ECMP set, then the others, each
     * group in tie-break order (router ID, peer address).
     */
    List<PathView> paths(Prefix x) {
        List<PathView> out = new ArrayList<>();
        for (int q = table.get(x); q != PathArena.NONE; q = paths.next(q)) {
            RouteAttrs a = paths.attrs(q);
            if (a != null) {
                PeerState p = paths.peer(q);
                out.add(new PathView(
                        p.name,
                        p.address(),
                        p.routerId(),
                        p.ebgp(),
                        a.attrs,
                        a.nextHop,
                        paths.is(q, PathArena.BEST),
                        paths.is(q, PathArena.MULTIPATH),
                        paths.is(q, PathArena.STALE)));
            }
        }
        out.sort(PATH_ORDER);
        return out;
    }

    /**
     * The first {@code limit} prefixes (in prefix order) with an accepted path, and how many there are: one pass
     * keeping the lowest {@code limit} in a bounded heap, so a full table costs O(n log limit) and no copy of it.
     */
    LearnedPage learned(int limit) {
        PriorityQueue<Prefix> lowest = new PriorityQueue<>(Comparator.reverseOrder());
        int[] total = {0};
        table.forEach((x, head) -> {
            if (!hasAccepted(head)) {
                return;
            }
            total[0]++;
            if (lowest.size() < limit) {
                lowest.add(x);
            } else if (limit > 0 && x.compareTo(lowest.peek()) < 0) {
                lowest.poll();
                lowest.add(x);
            }
        });
        List<Prefix> page = new ArrayList<>(lowest);
        page.sort(Comparator.naturalOrder());
        List<LearnedPage.Entry> entries = new ArrayList<>(page.size());
        for (Prefix x : page) {
            entries.add(new LearnedPage.Entry(x, paths(x)));
        }
        return new LearnedPage(entries, total[0]);
    }

    private boolean hasAccepted(int head) {
        for (int q = head; q != PathArena.NONE; q = paths.next(q)) {
            if (paths.attrs(q) != null) {
                return true;
            }
        }
        return false;
    }

    /** Every learned prefix's ECMP next hops, but for the prefixes originated here (they hide learned ones). */
    Map<Prefix, List<IpAddress>> snapshot() {
        Map<Prefix, List<IpAddress>> out = new HashMap<>();
        table.forEach((x, head) -> {
            List<IpAddress> nh = DecisionProcess.nextHops(paths, head);
            if (!nh.isEmpty() && local.get(x) == null) {
                out.put(x, nh);
            }
        });
        return out;
    }

    Map<String, PeerRibStats> stats() {
        Map<String, PeerRibStats> out = new LinkedHashMap<>();
        for (PeerState p : peers) {
            out.put(p.name, p.stats());
        }
        return out;
    }

    /** The peer's accepted paths of a family (its Adj-RIB-In after policy), sorted. */
    Map<Prefix, PathAttributes> adjRibIn(PeerState p, AfiSafi family) {
        Map<Prefix, PathAttributes> out = new TreeMap<>();
        table.forEach((x, head) -> {
            if (x.family().equals(family)) {
                for (int q = head; q != PathArena.NONE; q = paths.next(q)) {
                    if (paths.ofPeer(q, p) && paths.attrs(q) != null) {
                        out.put(x, paths.attrs(q).attrs);
                    }
                }
            }
        });
        return out;
    }

    Map<Prefix, PathAttributes> adjRibOut(PeerState p) {
        return new TreeMap<>(p.out().advertised());
    }

    Map<Prefix, OriginAttributes> originated() {
        return new TreeMap<>(local.view());
    }

    int prefixCount() {
        return table.size();
    }

    int internedSets() {
        return interner.size();
    }
}
