package io.ovnbgp.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import io.ovnbgp.e2e.harness.FrrBgpd;

/**
 * Watches FRR's session with the bridge while a scenario runs: its state every 2 s, and its established and dropped
 * counters at the start and the end (FRR counts every transition, so a flap between two samples is seen too).
 */
final class FrrWatch implements Runnable {
    private final FrrBgpd frr;
    private final String neighbor;
    private final long establishedAtStart;
    private final long droppedAtStart;
    private volatile long establishedAtEnd = -1;
    private volatile long droppedAtEnd = -1;
    private volatile int notEstablishedSamples;
    private volatile boolean stopped;

    FrrWatch(FrrBgpd frr, String neighbor) {
        this.frr = frr;
        this.neighbor = neighbor;
        JsonNode n = neighbor();
        this.establishedAtStart = n.path("connectionsEstablished").asLong(-1);
        this.droppedAtStart = n.path("connectionsDropped").asLong(-1);
    }

    private JsonNode neighbor() {
        return frr.vtyshJson("show bgp neighbors " + neighbor + " json").path(neighbor);
    }

    @Override
    public void run() {
        while (!stopped) {
            try {
                if (!"Established".equals(neighbor().path("bgpState").asText())) {
                    notEstablishedSamples++;
                    System.err.println("chaos: FRR's session with the bridge is not Established");
                }
                Thread.sleep(2000);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                System.err.println("chaos: cannot ask FRR: " + e.getMessage());
            }
        }
    }

    void stop() {
        stopped = true;
        JsonNode n = neighbor();
        establishedAtEnd = n.path("connectionsEstablished").asLong(-1);
        droppedAtEnd = n.path("connectionsDropped").asLong(-1);
    }

    /** Flaps seen: more transitions to Established or drops than at the start, or samples not Established. */
    long flaps() {
        return Math.max(0, establishedAtEnd - establishedAtStart)
                + Math.max(0, droppedAtEnd - droppedAtStart)
                + notEstablishedSamples;
    }

    long establishedAtStart() {
        return establishedAtStart;
    }

    long establishedAtEnd() {
        return establishedAtEnd;
    }

    long droppedAtStart() {
        return droppedAtStart;
    }

    long droppedAtEnd() {
        return droppedAtEnd;
    }
}
