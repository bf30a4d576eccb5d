package io.ovnbgp.bgp.rib;

import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.Prefix;
import java.util.List;

/**
 * Every peer's paths, per prefix, and what they make of the Loc-RIB: the table maps each prefix to a chain of
 * paths ({@link PathArena} rows), one per peer that sent it, so Adj-RIBs-In (per peer and family, read by walking the chains) and
 * Loc-RIB (the decision flags on the paths) are one structure, as in BIRD. Every change re-runs the decision for
 * its prefix and, when the ECMP next hops move, adds a {@link RouteChange} to the running task's batch. RIB thread
 * only.
 */
final class RouteTable {

    /** What a walk does with one path. */
    enum Op {
        KEEP,
        CHANGED,
        REMOVE
    }

    /**
     * Applied to each of one peer's paths by {@link #walk}; may change the path's attributes and flags through
     * {@link #paths()}.
     */
    @FunctionalInterface
    interface PathOp {
        Op apply(Prefix x, int q);
    }

    private final PrefixTable table;
    private final PathArena paths;
    private final LocalRib local;
    private final AttributeInterner interner;
    private final DecisionProcess decision;
    private final RouteChangeQueue changes;
    /** This task's changes, in order; the loop hands them to {@link #changes} when the task ends. */
    private final ChangeBatch unpublished = new ChangeBatch();
    /**
     * The next-hop set published last: a full table's prefixes mostly share a few sets, and a waiting change that
     * points at a shared list instead of its own keeps nothing alive of its own.
     */
    private List<IpAddress> lastNextHops = List.of();

    RouteTable(
            PrefixTable table,
            PathArena paths,
            LocalRib local,
            AttributeInterner interner,
            RibSettings settings,
            RouteChangeQueue changes) {
        this.table = table;
        this.paths = paths;
        this.local = local;
        this.interner = interner;
        this.decision = new DecisionProcess(settings, paths);
        this.changes = changes;
    }

    /** The paths' rows, for a {@link PathOp} to read and change. */
    PathArena paths() {
        return paths;
    }

    /** Installs or replaces the peer's path for {@code x}. */
    void store(PeerState p, Prefix x, RouteAttrs attrs, RouteAttrs raw, long nanos) {
        int head = table.get(x);
        if (head == PathArena.NONE) {
            // a prefix new to the table: one path, so no decision to make (most of a full table's load)
            int np = paths.add(p, attrs, raw);
            account(p, x, np, +1);
            table.put(x, np);
            if (attrs != null && attrs.nextHop != null) {
                paths.set(np, (byte) (PathArena.BEST | PathArena.MULTIPATH), true);
                publish(x, single(attrs.nextHop), nanos);
            }
            return;
        }
        int q = head;
        while (q != PathArena.NONE && !paths.ofPeer(q, p)) {
            q = paths.next(q);
        }
        if (q != PathArena.NONE) {
            if (paths.sameAttrs(q, attrs, raw)) {
                if (paths.is(q, PathArena.STALE)) {
                    paths.set(q, PathArena.STALE, false); // sent again: no longer stale (nothing else changes)
                    p.countStale(-1);
                }
                return;
            }
            List<IpAddress> before = DecisionProcess.nextHops(paths, head);
            account(p, x, q, -1);
            paths.setAttrs(q, attrs);
            paths.setRaw(q, raw);
            paths.set(q, PathArena.STALE, false);
            account(p, x, q, +1);
            decideAndPublish(x, head, before, nanos);
        } else {
            int np = paths.add(p, attrs, raw);
            account(p, x, np, +1);
            List<IpAddress> before = DecisionProcess.nextHops(paths, head);
            paths.setNext(np, head);
            table.put(x, np);
            if (attrs != null) {
                decideAndPublish(x, np, before, nanos);
            }
        }
    }

    /** Removes the peer's path for {@code x}, if it has one. */
    void remove(PeerState p, Prefix x, long nanos) {
        int head = table.get(x);
        int prev = PathArena.NONE;
        int q = head;
        while (q != PathArena.NONE && !paths.ofPeer(q, p)) {
            prev = q;
            q = paths.next(q);
        }
        if (q == PathArena.NONE) {
            return;
        }
        List<IpAddress> before = DecisionProcess.nextHops(paths, head);
        account(p, x, q, -1);
        if (prev == PathArena.NONE) {
            head = paths.next(q);
        } else {
            paths.setNext(prev, paths.next(q));
        }
        paths.free(q);
        if (head == PathArena.NONE) {
            table.remove(x);
            if (!before.isEmpty()) {
                publish(x, List.of(), nanos);
            }
            return;
        }
        if (prev == PathArena.NONE) {
            table.put(x, head);
        }
        decideAndPublish(x, head, before, nanos);
    }

    /** Removes every path of the peer. */
    void removeAll(PeerState p, long nanos) {
        walk(p, (x, q) -> Op.REMOVE, true, nanos);
    }

    /**
     * Applies {@code op} to each of the peer's paths (one pass over the table: the Adj-RIB-In of a peer is its
     * paths in the chains). {@code decides}: whether the op can change a decision, i.e. whether to run it again.
     */
    void walk(PeerState p, PathOp op, boolean decides, long nanos) {
        table.update((x, head) -> {
            int prev = PathArena.NONE;
            int q = head;
            while (q != PathArena.NONE && !paths.ofPeer(q, p)) {
                prev = q;
                q = paths.next(q);
            }
            if (q == PathArena.NONE) {
                return head;
            }
            List<IpAddress> before = decides ? DecisionProcess.nextHops(paths, head) : null;
            account(p, x, q, -1);
            Op r = op.apply(x, q);
            if (r != Op.REMOVE) {
                account(p, x, q, +1);
                if (r == Op.CHANGED) {
                    decideAndPublish(x, head, before, nanos);
                }
                return head;
            }
            return unlink(x, head, prev, q, before, nanos);
        });
    }

    /** Takes {@code q} (after {@code prev}) out of the chain during a walk and frees it; returns the new head. */
    private int unlink(Prefix x, int head, int prev, int q, List<IpAddress> before, long nanos) {
        int newHead = head;
        if (prev == PathArena.NONE) {
            newHead = paths.next(q);
        } else {
            paths.setNext(prev, paths.next(q));
        }
        paths.free(q);
        if (newHead == PathArena.NONE) {
            if (before != null && !before.isEmpty()) {
                publish(x, List.of(), nanos);
            }
        } else {
            decideAndPublish(x, newHead, before == null ? DecisionProcess.nextHops(paths, newHead) : before, nanos);
        }
        return newHead;
    }

    private void decideAndPublish(Prefix x, int head, List<IpAddress> before, long nanos) {
        decision.decide(head);
        List<IpAddress> after = DecisionProcess.nextHops(paths, head);
        if (!after.equals(before)) {
            publish(x, after, nanos);
        }
    }

    /**
     * Adds ({@code sign} +1) or removes (-1) a path's share of its peer's counters and of its attribute sets'
     * reference counts. Every change to a path is bracketed by the two.
     */
    private void account(PeerState p, Prefix x, int q, int sign) {
        RouteAttrs attrs = paths.attrs(q);
        RouteAttrs raw = paths.raw(q);
        if (sign > 0) {
            interner.retain(attrs);
            interner.retain(raw);
        } else {
            interner.release(attrs);
            interner.release(raw);
        }
        if (attrs != null) {
            p.countAccepted(x.isIpv6(), sign);
        } else {
            p.countKeptRejected(x.isIpv6(), sign);
        }
        if (paths.is(q, PathArena.STALE)) {
            p.countStale(sign);
        }
    }

    // ------------------------------------------------------------------------------------------ change stream

    /**
     * The change stream shows what the node should route to, so a prefix this node originates is not in it
     * even when peers send it back (anycast: another node announcing the same Service IP). Locally
     * originated routes win, as in every router: the learned paths are kept and reappear when the origination
     * is withdrawn.
     */
    private void publish(Prefix x, List<IpAddress> nextHops, long nanos) {
        if (local.get(x) == null) {
            unpublished.add(x, shared(nextHops), nanos);
        }
    }

    /** {@code [nextHop]}, the list published last when it is that one. */
    private List<IpAddress> single(IpAddress nextHop) {
        List<IpAddress> last = lastNextHops;
        return last.size() == 1 && last.get(0).equals(nextHop) ? last : List.of(nextHop);
    }

    /** The list published last if equal to {@code nextHops}, else {@code nextHops}, then remembered. */
    private List<IpAddress> shared(List<IpAddress> nextHops) {
        if (nextHops.equals(lastNextHops)) {
            return lastNextHops;
        }
        lastNextHops = nextHops;
        return nextHops;
    }

    /** {@code x} has just been originated here: the learned next hops it hid leave the change stream. */
    void hideLearned(Prefix x) {
        if (!learnedNextHops(x).isEmpty()) {
            unpublished.add(x, List.of(), System.nanoTime());
        }
    }

    /** {@code x} is no longer originated here: the learned next hops, if any, come back into the stream. */
    void showLearned(Prefix x) {
        List<IpAddress> learned = learnedNextHops(x);
        if (!learned.isEmpty()) {
            unpublished.add(x, learned, System.nanoTime());
        }
    }

    private List<IpAddress> learnedNextHops(Prefix x) {
        int head = table.get(x);
        return head == PathArena.NONE ? List.of() : DecisionProcess.nextHops(paths, head);
    }

    /** Hands the changes of the task that just ran to the consumer (the loop calls it after every task). */
    void flushChanges() {
        if (!unpublished.isEmpty()) {
            changes.publishAll(unpublished);
            unpublished.clear();
        }
    }
}
