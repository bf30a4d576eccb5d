package io.ovnbgp.bgp.rib;

import io.ovnbgp.bgp.wire.IpAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * RFC 4271 §9.1.2.2 among one prefix's paths, then the multipath (ECMP) set. Every step removes the candidates
 * that lose; the last steps order what is left:
 * <ol>
 *   <li>highest LOCAL_PREF (missing = 100; an eBGP peer's was replaced on import),</li>
 *   <li>shortest AS_PATH (AS_SET counts 1, confederation segments 0),</li>
 *   <li>lowest ORIGIN,</li>
 *   <li>lowest MED among paths from the same neighbour AS (or among all with always-compare-med; missing = 0),</li>
 *   <li>eBGP over iBGP,</li>
 *   <li>(no IGP cost: we have no IGP),</li>
 *   <li>lowest BGP Identifier of the peer,</li>
 *   <li>lowest peer address.</li>
 * </ol>
 * The paths left after step 5 are equally good: the best (first by steps 7 and 8) and, up to {@code maxPaths}
 * in that same order, those whose AS_PATH is identical to the best's (or of equal length, which steps 1-2
 * already ensure, when relaxed) form the ECMP set. Runs on the RIB thread only; one instance per RIB.
 */
final class DecisionProcess {
    private final RibSettings settings;
    private final PathArena paths;
    private int[] cand = new int[8];
    /** Scratch for {@link #keepLowestMed}, reused: the decision runs per prefix and should allocate nothing. */
    private long[] med = new long[8];

    private long[] as = new long[8];
    private boolean[] beaten = new boolean[8];

    DecisionProcess(RibSettings settings, PathArena paths) {
        this.settings = settings;
        this.paths = paths;
    }

    /** Sets {@link PathArena#BEST} and {@link PathArena#MULTIPATH} on the chain's winners, clears them elsewhere. */
    void decide(int head) {
        if (paths.next(head) == PathArena.NONE) {
            // one path, most of a table: nothing to compare it with
            paths.set(head, (byte) (PathArena.BEST | PathArena.MULTIPATH), paths.eligible(head));
            return;
        }
        int n = 0;
        for (int p = head; p != PathArena.NONE; p = paths.next(p)) {
            paths.set(p, (byte) (PathArena.BEST | PathArena.MULTIPATH), false);
            if (paths.eligible(p)) {
                if (n == cand.length) {
                    cand = Arrays.copyOf(cand, n * 2);
                }
                cand[n++] = p;
            }
        }
        if (n == 0) {
            return;
        }
        if (n > 1) {
            n = keepHighestLocalPref(n);
            n = keepShortestAsPath(n);
            n = keepLowestOrigin(n);
            n = keepLowestMed(n);
            n = keepEbgp(n);
            if (n > 1) {
                sortByTieBreak(n);
            }
        }
        int best = cand[0];
        RouteAttrs bestAttrs = paths.attrs(best);
        paths.set(best, (byte) (PathArena.BEST | PathArena.MULTIPATH), true);
        int chosen = 1;
        for (int i = 1; i < n && chosen < settings.maxPaths(); i++) {
            int p = cand[i];
            if (settings.relaxAsPath() || paths.attrs(p).asPath().equals(bestAttrs.asPath())) {
                paths.set(p, PathArena.MULTIPATH, true);
                chosen++;
            }
        }
    }

    /** Steps 7 and 8: lowest BGP Identifier, then lowest peer address (an insertion sort: a few paths at most). */
    private void sortByTieBreak(int n) {
        for (int i = 1; i < n; i++) {
            int c = cand[i];
            int j = i - 1;
            while (j >= 0 && tieBreak(cand[j], c) > 0) {
                cand[j + 1] = cand[j];
                j--;
            }
            cand[j + 1] = c;
        }
    }

    private int tieBreak(int a, int b) {
        PeerState pa = paths.peer(a);
        PeerState pb = paths.peer(b);
        int c = Integer.compareUnsigned(pa.routerId(), pb.routerId());
        return c != 0 ? c : compare(pa.address(), pb.address());
    }

    private RouteAttrs attrs(int i) {
        return paths.attrs(cand[i]);
    }

    private int keepHighestLocalPref(int n) {
        long max = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, attrs(i).localPref());
        }
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (attrs(i).localPref() == max) {
                cand[k++] = cand[i];
            }
        }
        return k;
    }

    private int keepShortestAsPath(int n) {
        int min = Integer.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            min = Math.min(min, attrs(i).asPathLength);
        }
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (attrs(i).asPathLength == min) {
                cand[k++] = cand[i];
            }
        }
        return k;
    }

    private int keepLowestOrigin(int n) {
        int min = Integer.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            min = Math.min(min, attrs(i).origin());
        }
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (attrs(i).origin() == min) {
                cand[k++] = cand[i];
            }
        }
        return k;
    }

    /** A path goes when another path from the same neighbour AS (any path, with always-compare-med) has a lower MED. */
    private int keepLowestMed(int n) {
        if (med.length < n) {
            med = new long[n];
            as = new long[n];
            beaten = new boolean[n];
        }
        for (int i = 0; i < n; i++) {
            med[i] = attrs(i).med();
            as[i] = attrs(i).neighbourAs();
            beaten[i] = false;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                if (j != i
                        && Long.compareUnsigned(med[j], med[i]) < 0
                        && (settings.alwaysCompareMed() || as[j] == as[i])) {
                    beaten[i] = true;
                    break;
                }
            }
        }
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (!beaten[i]) {
                cand[k++] = cand[i];
            }
        }
        return k;
    }

    private int keepEbgp(int n) {
        boolean anyEbgp = false;
        for (int i = 0; i < n; i++) {
            anyEbgp |= paths.peer(cand[i]).ebgp();
        }
        if (!anyEbgp) {
            return n;
        }
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (paths.peer(cand[i]).ebgp()) {
                cand[k++] = cand[i];
            }
        }
        return k;
    }

    /** The ECMP set's next hops: distinct, in address order; empty when nothing is eligible. */
    static List<IpAddress> nextHops(PathArena paths, int head) {
        // one or two next hops (a single path, a 2-way ECMP set) without a list to grow: this runs twice per change
        IpAddress only = null;
        IpAddress second = null;
        List<IpAddress> many = null;
        for (int p = head; p != PathArena.NONE; p = paths.next(p)) {
            if (!paths.is(p, PathArena.MULTIPATH)) {
                continue;
            }
            IpAddress nh = paths.attrs(p).nextHop;
            if (only == null) {
                only = nh;
            } else if (second == null) {
                if (!nh.equals(only)) {
                    second = nh;
                }
            } else if (many == null) {
                if (!nh.equals(only) && !nh.equals(second)) {
                    many = new ArrayList<>(4);
                    many.add(only);
                    many.add(second);
                    many.add(nh);
                }
            } else if (!many.contains(nh)) {
                many.add(nh);
            }
        }
        if (only == null) {
            return List.of();
        }
        if (second == null) {
            return List.of(only);
        }
        if (many == null) {
            return compare(only, second) <= 0 ? List.of(only, second) : List.of(second, only);
        }
        many.sort(DecisionProcess::compare);
        return List.copyOf(many);
    }

    /** IPv4 before IPv6, then numerically. */
    static int compare(IpAddress a, IpAddress b) {
        if (a == null || b == null) {
            return a == null ? (b == null ? 0 : -1) : 1;
        }
        if (a.v6() != b.v6()) {
            return a.v6() ? 1 : -1;
        }
        int c = Long.compareUnsigned(a.hi(), b.hi());
        return c != 0 ? c : Long.compareUnsigned(a.lo(), b.lo());
    }
}
