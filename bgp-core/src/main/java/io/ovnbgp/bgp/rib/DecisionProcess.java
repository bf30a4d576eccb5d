package io.ovnbgp.bgp.rib;

import io.ovnbgp.bgp.wire.IpAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
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
    private static final Comparator<Path> TIE_BREAK = (a, b) -> {
        int c = Integer.compareUnsigned(a.peer.routerId(), b.peer.routerId());
        return c != 0 ? c : compare(a.peer.address(), b.peer.address());
    };

    private final RibSettings settings;
    private Path[] cand = new Path[8];

    DecisionProcess(RibSettings settings) {
        this.settings = settings;
    }

    /** Sets {@link Path#BEST} and {@link Path#MULTIPATH} on the chain's winners, clears them elsewhere. */
    void decide(Path head) {
        int n = 0;
        for (Path p = head; p != null; p = p.next) {
            p.flags &= ~(Path.BEST | Path.MULTIPATH);
            if (p.eligible()) {
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
                Arrays.sort(cand, 0, n, TIE_BREAK);
            }
        }
        Path best = cand[0];
        best.flags |= Path.BEST | Path.MULTIPATH;
        int chosen = 1;
        for (int i = 1; i < n && chosen < settings.maxPaths(); i++) {
            Path p = cand[i];
            if (settings.relaxAsPath() || p.attrs.asPath().equals(best.attrs.asPath())) {
                p.flags |= Path.MULTIPATH;
                chosen++;
            }
        }
        Arrays.fill(cand, 0, n, null);
    }

    private int keepHighestLocalPref(int n) {
        long max = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, cand[i].attrs.localPref());
        }
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (cand[i].attrs.localPref() == max) {
                cand[k++] = cand[i];
            }
        }
        return clearFrom(k, n);
    }

    private int keepShortestAsPath(int n) {
        int min = Integer.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            min = Math.min(min, cand[i].attrs.asPathLength);
        }
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (cand[i].attrs.asPathLength == min) {
                cand[k++] = cand[i];
            }
        }
        return clearFrom(k, n);
    }

    private int keepLowestOrigin(int n) {
        int min = Integer.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            min = Math.min(min, cand[i].attrs.origin());
        }
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (cand[i].attrs.origin() == min) {
                cand[k++] = cand[i];
            }
        }
        return clearFrom(k, n);
    }

    /** A path goes when another path from the same neighbour AS (any path, with always-compare-med) has a lower MED. */
    private int keepLowestMed(int n) {
        long[] med = new long[n];
        long[] as = new long[n];
        for (int i = 0; i < n; i++) {
            med[i] = cand[i].attrs.med();
            as[i] = cand[i].attrs.neighbourAs();
        }
        boolean[] beaten = new boolean[n];
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
        return clearFrom(k, n);
    }

    private int keepEbgp(int n) {
        boolean anyEbgp = false;
        for (int i = 0; i < n; i++) {
            anyEbgp |= cand[i].peer.ebgp();
        }
        if (!anyEbgp) {
            return n;
        }
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (cand[i].peer.ebgp()) {
                cand[k++] = cand[i];
            }
        }
        return clearFrom(k, n);
    }

    private int clearFrom(int k, int n) {
        Arrays.fill(cand, k, n, null);
        return k;
    }

    /** The ECMP set's next hops: distinct, in address order; empty when nothing is eligible. */
    static List<IpAddress> nextHops(Path head) {
        IpAddress only = null;
        List<IpAddress> many = null;
        for (Path p = head; p != null; p = p.next) {
            if (!p.is(Path.MULTIPATH)) {
                continue;
            }
            IpAddress nh = p.attrs.nextHop;
            if (only == null) {
                only = nh;
            } else if (many == null) {
                if (!nh.equals(only)) {
                    many = new ArrayList<>(4);
                    many.add(only);
                    many.add(nh);
                }
            } else if (!many.contains(nh)) {
                many.add(nh);
            }
        }
        if (only == null) {
            return List.of();
        }
        if (many == null) {
            return List.of(only);
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
