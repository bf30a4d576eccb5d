package io.ovnbgp.chaos;

import io.ovnbgp.e2e.harness.FrrBgpd;
import io.ovnbgp.e2e.harness.OvnDatabases;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;

/**
 * FRR changing what it announces while the Kubernetes API is away, to show that the other half of the bridge (BGP
 * to OVN) carries on: each {@link #step()} announces one more /24 from {@code 100.64.0.0/10} and withdraws the
 * oldest of a window of three, then waits (bounded) for the bridge's rows in NB to hold exactly the window.
 */
final class NbChurn {
    private static final int WINDOW = 3;
    private static final long STEP_TIMEOUT_MS = 30_000;

    private final FrrBgpd frr;
    private final long frrAs;
    private final OvnDatabases ovn;
    private final String node;
    private final Deque<String> announced = new ArrayDeque<>();
    private int next;
    private long steps;
    private long synced;
    private long maxMs;
    private long totalMs;

    NbChurn(FrrBgpd frr, long frrAs, OvnDatabases ovn, String node) {
        this.frr = frr;
        this.frrAs = frrAs;
        this.ovn = ovn;
        this.node = node;
    }

    /** One change at FRR and its arrival in NB; false when NB did not show it in time. */
    boolean step() throws InterruptedException {
        String add = "100." + (64 + next / 256) + "." + next % 256 + ".0/24";
        next++;
        announced.addLast(add);
        String drop = announced.size() > WINDOW ? announced.removeFirst() : null;
        long t0 = System.nanoTime();
        if (drop == null) {
            frr.configure("router bgp " + frrAs, "address-family ipv4 unicast", "network " + add);
        } else {
            frr.configure("router bgp " + frrAs, "address-family ipv4 unicast", "network " + add, "no network " + drop);
        }
        steps++;
        Set<String> want = new HashSet<>(announced);
        long deadline = System.currentTimeMillis() + STEP_TIMEOUT_MS;
        while (System.currentTimeMillis() < deadline) {
            if (ourChurnRows().equals(want)) {
                long ms = (System.nanoTime() - t0) / 1_000_000;
                synced++;
                maxMs = Math.max(maxMs, ms);
                totalMs += ms;
                return true;
            }
            Thread.sleep(100);
        }
        System.err.println("k8s-outage: NB did not follow FRR within " + STEP_TIMEOUT_MS + " ms: want " + want
                + ", NB has " + ourChurnRows());
        return false;
    }

    /** The bridge's rows (its owner key) in NB for the churned range. */
    private Set<String> ourChurnRows() {
        Set<String> out = new HashSet<>();
        for (String p : OurRows.prefixes(ovn, node)) {
            if (p.startsWith("100.")) {
                out.add(p);
            }
        }
        return out;
    }

    /** Zeroes the figures (not the window): one outage's count starts here. */
    void resetFigures() {
        steps = 0;
        synced = 0;
        maxMs = 0;
        totalMs = 0;
    }

    long steps() {
        return steps;
    }

    long synced() {
        return synced;
    }

    long maxMs() {
        return maxMs;
    }

    long meanMs() {
        return synced == 0 ? 0 : totalMs / synced;
    }
}
