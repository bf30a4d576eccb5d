package io.ovnbgp.bench;

import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.FreePorts;
import io.ovnbgp.e2e.harness.ManagedProcess;
import io.ovnbgp.e2e.harness.Topology;
import io.ovnbgp.e2e.harness.Topology.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Failover through OVN on {@code hack/topology}: a Pod pings, every 10 ms, an outside address whose flow GR_node1
 * hashes onto router A, and A fails in one of three ways. Each run builds a fresh topology and starts the packaged
 * bridge on the configuration {@code up} writes (hold time 9 s, keepalive 3 s; BFD 300 ms x 3 when on); the
 * outside's way back to the Pod is pinned to router B, so the pings lost are the node's way out only.
 *
 * <ul>
 *   <li>stop: A's FRR stops (its bgpd closes the session with a Cease) and A stops forwarding;</li>
 *   <li>cut + BFD: A's link to the node goes down with {@code ovn.bfd} on; A's session lives until the hold
 *       time, OVN's BFD takes A out of the ECMP group first;</li>
 *   <li>cut, no BFD: the same cut with BFD off: nothing notices before the hold time expires.</li>
 * </ul>
 *
 * The ways alternate run by run, so that the machine's noise falls on all three alike.
 */
public final class FailoverBench {
    private static final Path SCRIPTS = Path.of("hack/topology").toAbsolutePath();
    private static final Path JAR = Path.of("bridge/target/ovn-bgp-bridge.jar").toAbsolutePath();
    private static final String OUTSIDE = "203.0.113.0/24";
    private static final int PINGS = 1500; // 15 s at 10 ms: past the 9 s hold time
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private enum Way {
        STOP("router A stopped", "A's row gone from NB", false),
        CUT_BFD("A's link cut, `ovn.bfd` on", "OVN's BFD towards A down (NB)", true),
        CUT_HOLD("A's link cut, no BFD", "A's row gone from NB (hold time)", false);

        final String title;
        final String event;
        final boolean bfd;

        Way(String title, String event, boolean bfd) {
            this.title = title;
            this.event = event;
            this.bfd = bfd;
        }
    }

    /** One run: ms from the failure to the way's event and to A's row leaving NB, and the pings lost of sent. */
    private record Run(long eventMs, long rowGoneMs, int lost, int sent) {}

    private FailoverBench() {}

    public static void main(String[] args) throws Exception {
        CountedRun.main(args, "--runs", 5, FailoverBench::run);
    }

    private static String run(Daemons daemons, int runs) throws Exception {
        Map<Way, List<Run>> results = new EnumMap<>(Way.class);
        for (int i = 0; i < runs; i++) {
            for (Way way : Way.values()) {
                Run r = once(daemons, way);
                System.err.printf(
                        "failover: run %d, %s: event %d ms, row gone %d ms, %d of %d pings lost%n",
                        i + 1, way.title, r.eventMs(), r.rowGoneMs(), r.lost(), r.sent());
                results.computeIfAbsent(way, w -> new ArrayList<>()).add(r);
            }
        }
        return markdown(runs, results);
    }

    private static Run once(Daemons daemons, Way way) throws Exception {
        int httpPort = FreePorts.next();
        Map<String, String> env = new HashMap<>();
        env.put("TOPO_BRIDGE_METRICS_PORT", Integer.toString(httpPort));
        env.put("TOPO_EXT", Topology.freeExternalNetwork());
        if (way.bfd) {
            env.put("TOPO_BFD", "1");
        }
        Topology topo = daemons.topology(SCRIPTS, "obbfo", env);
        ManagedProcess bridge = null;
        try {
            bridge = daemons.start(
                    "bridge",
                    List.of(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-jar",
                            JAR.toString(),
                            "run",
                            "--config",
                            topo.get("BRIDGE_CONFIG")),
                    Map.of());
            bridge.awaitReady("/healthz", Duration.ofSeconds(60), () -> healthy(httpPort));
            String a = topo.routerIp(Router.A);
            String b = topo.routerIp(Router.B);
            until("two ECMP rows", 40, () -> topo.ownedNextHops(OUTSIDE).equals(List.of(a, b)));
            if (way.bfd) {
                until(
                        "both BFD sessions up for 2 s",
                        60,
                        () -> stayed(
                                2000,
                                () -> topo.bfdStatus(a).equals("up")
                                        && topo.bfdStatus(b).equals("up")));
            }
            String pod = topo.get("POD1_NS");
            topo.pinReturn(topo.get("POD1_IP"), Router.B);
            String dst = topo.outsideAddressVia(pod, Router.A);

            CompletableFuture<Topology.Ping> ping =
                    CompletableFuture.supplyAsync(() -> topo.ping(pod, dst, PINGS, "0.01"));
            Thread.sleep(1000);
            long t0 = System.nanoTime();
            CompletableFuture<Void> fail =
                    CompletableFuture.runAsync(() -> topo.router(Router.A, way == Way.STOP ? "stop" : "cut"));
            long eventMs = -1;
            if (way == Way.CUT_BFD) {
                until("OVN's BFD towards A down", 20, () -> topo.bfdStatus(a).equals("down"));
                eventMs = (System.nanoTime() - t0) / 1_000_000;
            }
            until("A's row gone", 30, () -> topo.ownedNextHops(OUTSIDE).equals(List.of(b)));
            long rowGoneMs = (System.nanoTime() - t0) / 1_000_000;
            fail.get(60, TimeUnit.SECONDS);
            Topology.Ping p = ping.get(60, TimeUnit.SECONDS);
            return new Run(eventMs < 0 ? rowGoneMs : eventMs, rowGoneMs, p.lost(), p.transmitted());
        } finally {
            if (bridge != null) {
                bridge.close();
            }
            topo.close();
        }
    }

    private static boolean healthy(int port) {
        try {
            return HTTP.send(
                                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                                            .timeout(Duration.ofSeconds(2))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode()
                    == 200;
        } catch (Exception e) {
            return false;
        }
    }

    /** Polls every 20 ms up to {@code seconds}; fails the run, naming what did not happen. */
    private static void until(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new IllegalStateException("failover: " + what + " not seen within " + seconds + " s");
            }
            Thread.sleep(20);
        }
    }

    /** True when {@code condition} held at every 200 ms poll for {@code ms}. */
    private static boolean stayed(long ms, BooleanSupplier condition) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        do {
            if (!condition.getAsBoolean()) {
                return false;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        } while (System.nanoTime() < end);
        return true;
    }

    private static String markdown(int runs, Map<Way, List<Run>> results) {
        StringBuilder sb = new StringBuilder();
        sb.append("A 10 ms ping from pod1 to an outside address routed through router A; ")
                .append(runs)
                .append(" runs of each way, alternating, a fresh topology each (OVS userspace datapath, 2 shared"
                        + " cores). Times from the failure command, NB polled every 20 ms (an upper bound).\n\n");
        sb.append("| failure | what is timed | runs (ms) | median | A's row gone, median | pings lost (runs) |"
                + " pings lost, median |\n|---|---|---|---:|---:|---|---:|\n");
        for (Way w : Way.values()) {
            List<Run> rs = results.getOrDefault(w, List.of());
            sb.append("| ")
                    .append(w.title)
                    .append(" | ")
                    .append(w.event)
                    .append(" | ")
                    .append(join(rs.stream().mapToLong(Run::eventMs).toArray()))
                    .append(" | ")
                    .append(median(rs.stream().mapToLong(Run::eventMs).toArray()))
                    .append(" ms | ")
                    .append(median(rs.stream().mapToLong(Run::rowGoneMs).toArray()))
                    .append(" ms | ")
                    .append(join(rs.stream().mapToLong(Run::lost).toArray()))
                    .append(" | ")
                    .append(median(rs.stream().mapToLong(Run::lost).toArray()))
                    .append(" of ")
                    .append(PINGS)
                    .append(" |\n");
        }
        return sb.toString().stripTrailing();
    }

    private static String join(long[] v) {
        StringBuilder sb = new StringBuilder();
        for (long x : v) {
            sb.append(sb.length() == 0 ? "" : ", ").append(x);
        }
        return sb.toString();
    }

    private static long median(long[] v) {
        if (v.length == 0) {
            return 0;
        }
        long[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
