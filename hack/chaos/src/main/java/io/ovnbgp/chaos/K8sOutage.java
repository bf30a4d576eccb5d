package io.ovnbgp.chaos;

import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.FreePorts;
import io.ovnbgp.e2e.harness.FrrBgpd;
import io.ovnbgp.e2e.harness.FrrConfigs;
import io.ovnbgp.e2e.harness.KubeApi;
import io.ovnbgp.e2e.harness.OvnDatabases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BooleanSupplier;

/**
 * hack/chaos/k8s-outage: the Kubernetes API taken away from the bridge for a while and given back, twice: once
 * refused (the mock API server stopped, its port closed, every connection reset) and once black-holed (a relay in
 * front of it stops forwarding: connections hang, as in a partition). Meanwhile FRR changes what it announces and NB
 * must follow (BGP to OVN carries on), FRR's session must stay Established, and the bridge must withdraw nothing
 * from FRR; Kubernetes objects are changed where the bridge cannot see them (through a second API server over the
 * same objects, or directly while the relay black-holes) and must reach FRR after the return, within a bound, with
 * no prefix withdrawn that Kubernetes still wants. Prints Markdown; exits 1 when anything is lost.
 */
public final class K8sOutage {
    static final String NODE = "node1";
    private static final String BRIDGE = "127.0.0.1";

    private K8sOutage() {}

    /** How the API goes away. */
    enum Fault {
        REFUSED("API server stopped (connections refused)"),
        BLACK_HOLE("API black-holed (connections hang)");

        final String text;

        Fault(String text) {
            this.text = text;
        }
    }

    public static void main(String[] args) throws Exception {
        long outageMs = 180_000;
        int services = 50;
        long sampleMs = 300;
        List<Fault> faults = List.of(Fault.REFUSED, Fault.BLACK_HOLE);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--outage-seconds" -> outageMs = Long.parseLong(args[++i]) * 1000;
                case "--services" -> services = Integer.parseInt(args[++i]);
                case "--sample-ms" -> sampleMs = Long.parseLong(args[++i]);
                case "--only" ->
                    faults = List.of(
                            Fault.valueOf(args[++i].toUpperCase(Locale.ROOT).replace('-', '_')));
                default ->
                    throw new IllegalArgumentException("unknown argument " + args[i]
                            + " (known: --outage-seconds N --services N --sample-ms N --only refused|black-hole)");
            }
        }
        if (services < 11) {
            throw new IllegalArgumentException("--services: at least 11 (the changes made while away need them)");
        }
        long lost;
        try (Daemons daemons = Daemons.create()) {
            Thread hook = new Thread(daemons::close, "chaos-daemons-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            lost = run(daemons, faults, outageMs, services, sampleMs);
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        System.exit(lost == 0 ? 0 : 1);
    }

    private static long run(Daemons daemons, List<Fault> faults, long outageMs, int services, long sampleMs)
            throws Exception {
        long t0 = System.nanoTime();
        OvnDatabases ovn = daemons.ovnNb();
        ovn.nbctl("lr-add", "GR_" + NODE);
        ClusterModel model = new ClusterModel(NODE);
        try (KubeApi kube = KubeApi.start(FreePorts.next());
                StallingRelay relay = StallingRelay.start(FreePorts.next(), kube.port())) {
            model.create(kube, services);
            Path kubeconfig = KubeApi.kubeconfig(daemons.newDir("kube"), relay.port());
            int bridgePort = FreePorts.next();
            int httpPort = FreePorts.next();
            int frrPort = FreePorts.next();
            FrrBgpd frr = daemons.frr(FrrConfigs.FRR, frrPort, FrrConfigs.interop(BRIDGE, 64512, bridgePort, ""));
            BridgeProcess bridge =
                    BridgeProcess.start(daemons, config(ovn, kubeconfig, bridgePort, httpPort, frrPort), httpPort);
            System.err.println(
                    "k8s-outage: bridge pid " + bridge.pid() + ", http port " + httpPort + ", log " + bridge.log());
            awaitUntil("FRR Established with the bridge", 120, () -> "Established".equals(frr.neighborState(BRIDGE)));
            AdvertisedSampler sampler = new AdvertisedSampler(frr, BRIDGE, sampleMs);
            Thread sampling = new Thread(sampler, "frr-sampler");
            sampling.setDaemon(true);
            sampling.start();
            if (!sampler.awaitEqual(model.wanted(), 120_000)) {
                throw new IllegalStateException("k8s-outage: FRR never held what Kubernetes wants: " + model.wanted()
                        + " vs " + sampler.current() + "; FRR: " + frr.vtysh("show bgp ipv4 unicast")
                        + "\nbridge: " + bridge.json("/status").path("kubernetes") + "\nits log: "
                        + bridge.process().logs());
            }
            FrrWatch watch = new FrrWatch(frr, BRIDGE);
            Thread watching = new Thread(watch, "frr-watch");
            watching.setDaemon(true);
            watching.start();
            NbChurn churn = new NbChurn(frr, FrrConfigs.FRR_AS, ovn, NODE);
            Outage outage = new Outage(kube, relay, model, sampler, churn, frr, bridge, outageMs);
            List<OutageResult> results = new ArrayList<>();
            for (int n = 0; n < faults.size(); n++) {
                OutageResult r = outage.run(faults.get(n), n);
                System.err.println("k8s-outage: " + r);
                results.add(r);
            }
            watch.stop();
            sampler.stop();
            String scale = String.format(
                    Locale.ROOT,
                    "the Kubernetes API (fabric8 mock, CRUD) away for %d s at a time; %d LoadBalancer Services, the"
                            + " Node's annotated Pod subnet and InternalIP advertised to one FRR; FRR's table read"
                            + " every %d ms",
                    outageMs / 1000,
                    services,
                    sampleMs);
            long lost = finish(results, watch, bridge, scale, t0);
            bridge.close();
            return lost;
        }
    }

    /** Prints the report; returns everything lost, the session's flaps and the daemon's state included. */
    private static long finish(List<OutageResult> results, FrrWatch watch, BridgeProcess bridge, String scale, long t0)
            throws IOException {
        boolean alive = bridge.isAlive();
        BridgeProcess.LogVerdict log = bridge.scanLog();
        System.out.print(report(results, watch, alive, log, scale, t0));
        System.out.flush();
        long lost = results.stream().mapToLong(OutageResult::lost).sum()
                + watch.flaps()
                + (alive ? 0 : 1)
                + log.errorsWithOurTrace();
        if (lost > 0) {
            // what the bridge said about Kubernetes and what it originated, for the one reading a failure
            Files.readAllLines(bridge.log(), StandardCharsets.UTF_8).stream()
                    .filter(l -> l.contains("Kubernetes") || l.contains("Service IP") || l.contains("withdraw"))
                    .forEach(l -> System.err.println("k8s-outage: bridge: " + l));
        }
        return lost;
    }

    private static String config(OvnDatabases ovn, Path kubeconfig, int bridgePort, int httpPort, int frrPort) {
        return """
                nodeName: %s
                localASN: 64512
                routerID: 192.0.2.10
                listen: {address: %s, port: %d}
                ovn: {northbound: "%s"}
                metrics: {address: 127.0.0.1, port: %d}
                kubernetes: {kubeconfig: "%s"}
                peers:
                  - {name: frr, address: %s, port: %d, asn: %d, sourceAddress: %s, connectRetryTime: 1s,
                     families: [ipv4-unicast], receive: {mode: all},
                     advertise: {podNetwork: true, loadBalancerIPs: true, nodeIP: true, nextHop: 192.0.2.10}}
                """.formatted(
                        NODE,
                        BRIDGE,
                        bridgePort,
                        ovn.nbRemote(),
                        httpPort,
                        kubeconfig,
                        FrrConfigs.FRR,
                        frrPort,
                        FrrConfigs.FRR_AS,
                        BRIDGE);
    }

    private static String report(
            List<OutageResult> results,
            FrrWatch watch,
            boolean alive,
            BridgeProcess.LogVerdict log,
            String scale,
            long t0) {
        StringBuilder out = new StringBuilder();
        out.append("Run ").append(Instant.now()).append(": ").append(scale).append(".\n\n");
        out.append(OutageResult.HEADER);
        results.forEach(r -> out.append(r.row()).append('\n'));
        long lost = results.stream().mapToLong(OutageResult::lost).sum();
        long survived = results.stream().filter(r -> r.lost() == 0).count();
        out.append(String.format(
                Locale.ROOT,
                "%n- faults tried: %d; faults survived: %d; data lost: %d (withdrawals of prefixes Kubernetes still"
                        + " wanted, UPDATEs or withdrawals during the outage, NB not following FRR, no resync in"
                        + " %d s)%n",
                results.size(),
                survived,
                lost,
                OutageResult.RESYNC_BOUND_MS / 1000));
        out.append(String.format(
                Locale.ROOT,
                "- FRR's session: flaps seen %d (established %d -> %d, dropped %d -> %d); bridge alive: %s%n",
                watch.flaps(),
                watch.establishedAtStart(),
                watch.establishedAtEnd(),
                watch.droppedAtStart(),
                watch.droppedAtEnd(),
                alive));
        out.append(String.format(
                Locale.ROOT,
                "- bridge log: %,d lines, %d ERROR, %d ERROR with a stack trace of ours%n",
                log.lines(),
                log.errors(),
                log.errorsWithOurTrace()));
        results.forEach(r -> out.append("- ")
                .append(r.fault().text)
                .append(": changed while away: ")
                .append(r.changes())
                .append(r.withdrawalsSeen().isEmpty() ? "" : "; withdrawals seen: " + r.withdrawalsSeen())
                .append('\n'));
        out.append(String.format(Locale.ROOT, "%nTotal time %.0f s.%n", (System.nanoTime() - t0) / 1e9));
        return out.toString();
    }

    /** Polls {@code condition} every 200 ms for at most {@code seconds}; fails naming {@code what}. */
    static void awaitUntil(String what, int seconds, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.getAsBoolean()) {
                    return;
                }
            } catch (RuntimeException e) {
                // not yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("k8s-outage: not within " + seconds + " s: " + what);
    }

    /** Lines of the bridge's log that say it withdraws something. */
    static long withdrawLines(BridgeProcess bridge) throws IOException {
        return Files.readAllLines(bridge.log(), StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains("withdrawing it"))
                .count();
    }

    static Set<String> minus(Set<String> a, Set<String> b) {
        Set<String> out = new TreeSet<>(a);
        out.removeAll(b);
        return out;
    }

    static Set<String> both(Set<String> a, Set<String> b) {
        Set<String> out = new HashSet<>(a);
        out.retainAll(b);
        return out;
    }
}
