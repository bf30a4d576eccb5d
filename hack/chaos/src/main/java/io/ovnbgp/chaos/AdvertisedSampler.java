package io.ovnbgp.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.ovnbgp.e2e.harness.FrrBgpd;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What FRR holds from the bridge, sampled every few hundred milliseconds from its BGP table (every IPv4 prefix with a
 * path whose peer is the bridge): each prefix that disappears between two samples is a withdrawal seen. Those of
 * prefixes the scenario says must stay ({@link #protect}) are counted apart: a withdrawal storm shows there.
 *
 * <p>A withdrawal and its re-announcement inside one sampling period would be missed here; the scenario also counts
 * the UPDATEs FRR received and the bridge's own log lines, which miss nothing.
 */
final class AdvertisedSampler implements Runnable {
    private static final int SAMPLES = 200;

    private final FrrBgpd frr;
    private final String bridge;
    private final long periodMs;
    /** Guarded by this. */
    private Set<String> current = Set.of();
    /** Guarded by this. */
    private Set<String> protectedSet = Set.of();
    /** Guarded by this. */
    private long withdrawals;
    /** Guarded by this. */
    private long protectedWithdrawals;
    /** Guarded by this. */
    private long samples;
    /** Guarded by this. */
    private final List<String> seen = new ArrayList<>();

    private volatile boolean stopped;

    AdvertisedSampler(FrrBgpd frr, String bridge, long periodMs) {
        this.frr = frr;
        this.bridge = bridge;
        this.periodMs = periodMs;
    }

    /** FRR's IPv4 prefixes with a path from {@code bridge}, read now. */
    static Set<String> fromBridge(FrrBgpd frr, String bridge) {
        JsonNode routes = frr.vtyshJson("show bgp ipv4 unicast json").path("routes");
        Set<String> out = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = routes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            for (JsonNode path : e.getValue()) {
                if (bridge.equals(path.path("peerId").asText())) {
                    out.add(e.getKey());
                    break;
                }
            }
        }
        return out;
    }

    @Override
    public void run() {
        while (!stopped) {
            try {
                sample();
                Thread.sleep(periodMs);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                System.err.println("k8s-outage: cannot ask FRR: " + e.getMessage());
            }
        }
    }

    private void sample() {
        Set<String> now = fromBridge(frr, bridge);
        long t = System.currentTimeMillis();
        synchronized (this) {
            samples++;
            for (String p : current) {
                if (!now.contains(p)) {
                    withdrawals++;
                    boolean wrong = protectedSet.contains(p);
                    if (wrong) {
                        protectedWithdrawals++;
                    }
                    if (seen.size() < SAMPLES) {
                        seen.add(p + (wrong ? " (still wanted)" : "") + " at " + Instant.ofEpochMilli(t));
                    }
                }
            }
            current = Set.copyOf(now);
            notifyAll();
        }
    }

    /** The prefixes that must not be withdrawn from now on; replaces the previous set. */
    synchronized void protect(Set<String> prefixes) {
        protectedSet = Set.copyOf(prefixes);
    }

    synchronized Set<String> current() {
        return current;
    }

    /** Waits (at most {@code timeoutMs}) for a sample equal to {@code want}; true when one came. */
    synchronized boolean awaitEqual(Set<String> want, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (!current.equals(want)) {
            long left = deadline - System.currentTimeMillis();
            if (left <= 0) {
                return false;
            }
            wait(left);
        }
        return true;
    }

    synchronized long withdrawals() {
        return withdrawals;
    }

    synchronized long protectedWithdrawals() {
        return protectedWithdrawals;
    }

    synchronized long samples() {
        return samples;
    }

    synchronized List<String> seen() {
        return List.copyOf(seen);
    }

    void stop() {
        stopped = true;
    }
}
