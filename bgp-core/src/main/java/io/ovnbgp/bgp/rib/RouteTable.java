package io.ovnbgp.bgp.rib;

import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.Prefix;
import java.util.ArrayList;
import java.util.List;

/**
 * Every peer's paths, per prefix, and what they make of the Loc-RIB: the table maps each prefix to a chain of
 * {@link Path}s, one per peer that sent it, so Adj-RIBs-In (per peer and family, read by walking the chains) and
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

    /** Applied to each of one peer's paths by {@link #walk}; may change the path's attributes and flags. */
    @FunctionalInterface
    interface PathOp {
        Op apply(Prefix x, Path q);
    }

    private final PrefixTable table;
    private final LocalRib local;
    private final AttributeInterner interner;
    private final DecisionProcess decision;
    private final RouteChangeQueue changes;
    /** This task's changes, in order; the loop hands them to {@link #changes} when the task ends. */
    private final List<RouteChange> unpublished = new ArrayList<>();

    RouteTable(
            PrefixTable table,
            LocalRib local,
            AttributeInterner interner,
            DecisionProcess decision,
            RouteChangeQueue changes) {
        this.table = table;
        this.local = local;
        this.interner = interner;
        this.decision = decision;
        this.changes = changes;
    }

    /** Installs or replaces the peer's path for {@code x}. */
    void store(PeerState p, Prefix x, RouteAttrs attrs, RouteAttrs raw, long nanos) {
        Path head = table.get(x);
        Path q = head;
        while (q != null && q.peer != p) {
            q = q.next;
        }
        if (q != null) {
            if (q.attrs == attrs && q.raw == raw) {
                if (q.is(Path.STALE)) {
                    q.set(Path.STALE, false); // sent again: no longer stale (nothing else changes)
                    p.countStale(-1);
                }
                return;
            }
            List<IpAddress> before = DecisionProcess.nextHops(head);
            account(p, x, q, -1);
            q.attrs = attrs;
            q.raw = raw;
            q.set(Path.STALE, false);
            account(p, x, q, +1);
            decideAndPublish(x, head, before, nanos);
        } else {
            Path np = new Path(p, attrs, raw);
            account(p, x, np, +1);
            List<IpAddress> before = head == null ? List.of() : DecisionProcess.nextHops(head);
            np.next = head;
            table.put(x, np);
            if (attrs != null) {
                decideAndPublish(x, np, before, nanos);
            }
        }
    }

    /** Removes the peer's path for {@code x}, if it has one. */
    void remove(PeerState p, Prefix x, long nanos) {
        Path head = table.get(x);
        Path prev = null;
        Path q = head;
        while (q != null && q.peer != p) {
            prev = q;
            q = q.next;
        }
        if (q == null) {
            return;
        }
        List<IpAddress> before = DecisionProcess.nextHops(head);
        account(p, x, q, -1);
        if (prev == null) {
            head = q.next;
        } else {
            prev.next = q.next;
        }
        if (head == null) {
            table.remove(x);
            if (!before.isEmpty()) {
                publish(x, List.of(), nanos);
            }
            return;
        }
        if (prev == null) {
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
            Path prev = null;
            Path q = head;
            while (q != null && q.peer != p) {
                prev = q;
                q = q.next;
            }
            if (q == null) {
                return head;
            }
            List<IpAddress> before = decides ? DecisionProcess.nextHops(head) : null;
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

    /** Takes {@code q} (after {@code prev}) out of the chain during a walk; returns the new head. */
    private Path unlink(Prefix x, Path head, Path prev, Path q, List<IpAddress> before, long nanos) {
        Path newHead = head;
        if (prev == null) {
            newHead = q.next;
        } else {
            prev.next = q.next;
        }
        if (newHead == null) {
            if (before != null && !before.isEmpty()) {
                publish(x, List.of(), nanos);
            }
        } else {
            decideAndPublish(x, newHead, before == null ? DecisionProcess.nextHops(newHead) : before, nanos);
        }
        return newHead;
    }

    private void decideAndPublish(Prefix x, Path head, List<IpAddress> before, long nanos) {
        decision.decide(head);
        List<IpAddress> after = DecisionProcess.nextHops(head);
        if (!after.equals(before)) {
            publish(x, after, nanos);
        }
    }

    /**
     * Adds ({@code sign} +1) or removes (-1) a path's share of its peer's counters and of its attribute sets'
     * reference counts. Every change to a path is bracketed by the two.
     */
    private void account(PeerState p, Prefix x, Path q, int sign) {
        if (sign > 0) {
            interner.retain(q.attrs);
            interner.retain(q.raw);
        } else {
            interner.release(q.attrs);
            interner.release(q.raw);
        }
        if (q.attrs != null) {
            p.countAccepted(x.isIpv6(), sign);
        } else {
            p.countKeptRejected(x.isIpv6(), sign);
        }
        if (q.is(Path.STALE)) {
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
            unpublished.add(new RouteChange(x, nextHops, nanos));
        }
    }

    /** {@code x} has just been originated here: the learned next hops it hid leave the change stream. */
    void hideLearned(Prefix x) {
        if (!learnedNextHops(x).isEmpty()) {
            unpublished.add(new RouteChange(x, List.of(), System.nanoTime()));
        }
    }

    /** {@code x} is no longer originated here: the learned next hops, if any, come back into the stream. */
    void showLearned(Prefix x) {
        List<IpAddress> learned = learnedNextHops(x);
        if (!learned.isEmpty()) {
            unpublished.add(new RouteChange(x, learned, System.nanoTime()));
        }
    }

    private List<IpAddress> learnedNextHops(Prefix x) {
        Path head = table.get(x);
        return head == null ? List.of() : DecisionProcess.nextHops(head);
    }

    /** Hands the changes of the task that just ran to the consumer (the loop calls it after every task). */
    void flushChanges() {
        if (!unpublished.isEmpty()) {
            changes.publishAll(unpublished);
            unpublished.clear();
        }
    }
}
