package io.ovnbgp.bench;

import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.ovnbgp.bgp.fsm.PeerSession;
import io.ovnbgp.bgp.fsm.PeerSettings;
import io.ovnbgp.bgp.fsm.SessionEvent;
import io.ovnbgp.bgp.fsm.SessionState;
import io.ovnbgp.bgp.transport.BgpSpeaker;
import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bgp.wire.UpdateMessage;
import io.ovnbgp.bridge.BridgeDaemon;
import io.ovnbgp.bridge.config.ConfigLoader;
import io.ovnbgp.bridge.config.NodeFacts;
import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.FreePorts;
import io.ovnbgp.e2e.harness.KubeApi;
import io.ovnbgp.e2e.harness.OvnDatabases;
import io.ovnbgp.ovsdb.client.Condition;
import io.ovnbgp.ovsdb.client.Op;
import io.ovnbgp.ovsdb.client.OvsdbRemote;
import io.ovnbgp.ovsdb.client.OvsdbSession;
import io.ovnbgp.ovsdb.nb.LogicalSwitch;
import io.ovnbgp.ovsdb.nb.NorthboundClient;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * hack/bench/advertise: how long a change in NB or in Kubernetes takes to reach a BGP peer as an UPDATE.
 *
 * <p>The bridge ({@link BridgeDaemon}, in this JVM, as {@code run} starts it) against a real OVN Northbound
 * ovsdb-server and fabric8's mock Kubernetes API (CRUD mode, the only API server these machines can run); the
 * peer is our own BGP speaker in this JVM, which stamps {@code System.nanoTime} on each UPDATE as the session
 * hands it over. The clock starts just before the call that makes the change (Service create or delete on the
 * API; the NB transaction that changes the node switch's {@code other_config:subnet}, sent in-process), so each
 * figure includes that call's own round trip, which is shown beside it.
 */
public final class AdvertiseBench {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String NODE = "node1";
    private static final String BRIDGE_ADDR = "127.0.0.1";
    private static final String PEER_ADDR = "127.0.0.2";

    /** One prefix announced or withdrawn at the peer, and when. */
    private record Seen(Prefix prefix, boolean announced, long nanos) {}

    private static final LinkedBlockingQueue<Seen> SEEN = new LinkedBlockingQueue<>();

    public static void main(String[] args) throws Exception {
        CountedRun.main(args, "--changes", 200, AdvertiseBench::run);
    }

    private static String run(Daemons daemons, int changes) throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        ovn.nbctl("lr-add", "GR_" + NODE);
        ovn.nbctl("ls-add", NODE, "--", "set", "logical_switch", NODE, "other_config:subnet=10.244.0.0/24");

        try (KubeApi kube = KubeApi.start()) {
            kube.createNode(NODE, null, "203.0.113.11");
            BgpSpeaker peerSpeaker = BgpSpeaker.startListeningOnAnyPort(InetAddress.getByName(PEER_ADDR));
            PeerSession peer = peerSpeaker.addPeer(
                    PeerSettings.basic("bridge", InetAddress.getByName(BRIDGE_ADDR), 179, 65001, 64512, 0x0A000002)
                            .withPassive(true)
                            .withTimers(90, 30, Duration.ofSeconds(1))
                            .withFamilies(Set.of(AfiSafi.IPV4_UNICAST)),
                    AdvertiseBench::onEvent);
            peer.start();
            Path conf = daemons.newDir("conf").resolve("config.yaml");
            Files.writeString(conf, """
                    nodeName: %s
                    localASN: 64512
                    routerID: 192.0.2.10
                    listen: {address: %s, port: 0}
                    ovn: {northbound: "%s"}
                    metrics: {address: 127.0.0.1, port: %d}
                    kubernetes: {kubeconfig: "%s"}
                    peers:
                      - {name: upstream, address: %s, port: %d, asn: 65001, sourceAddress: %s,
                         families: [ipv4-unicast],
                         advertise: {podNetwork: true, loadBalancerIPs: true, externalIPs: true,
                                     nextHop: 192.0.2.10}}
                    """.formatted(
                            NODE,
                            BRIDGE_ADDR,
                            ovn.nbRemote(),
                            FreePorts.next(),
                            kube.kubeconfig(daemons.newDir("kube")),
                            PEER_ADDR,
                            peerSpeaker.listenPort(),
                            BRIDGE_ADDR));
            try (BridgeDaemon bridge = BridgeDaemon.start(ConfigLoader.load(conf, new NodeFacts(NODE, null)));
                    OvsdbSession nb = OvsdbSession.open(OvsdbRemote.parse(ovn.nbRemote()), WAIT)) {
                await(Prefix.parse("10.244.0.0/24"), true);
                if (peer.state() != SessionState.ESTABLISHED) {
                    throw new IllegalStateException("session with the bridge not Established");
                }
                long[] create = new long[changes];
                long[] createCall = new long[changes];
                long[] delete = new long[changes];
                long[] deleteCall = new long[changes];
                long[] subnet = new long[changes];
                long[] subnetCall = new long[changes];
                for (int i = 0; i < changes; i++) {
                    String ip = "198.51." + (100 + i / 250) + "." + (i % 250 + 1);
                    Prefix p = Prefix.parse(ip + "/32");
                    String name = "svc-" + i;
                    long t0 = System.nanoTime();
                    kube.client()
                            .services()
                            .inNamespace("bench")
                            .resource(new ServiceBuilder()
                                    .withNewMetadata()
                                    .withName(name)
                                    .withNamespace("bench")
                                    .endMetadata()
                                    .withNewSpec()
                                    .withType("ClusterIP")
                                    .withExternalIPs(ip)
                                    .addNewPort()
                                    .withPort(80)
                                    .endPort()
                                    .endSpec()
                                    .build())
                            .create();
                    createCall[i] = System.nanoTime() - t0;
                    create[i] = await(p, true) - t0;

                    t0 = System.nanoTime();
                    kube.deleteService("bench", name);
                    deleteCall[i] = System.nanoTime() - t0;
                    delete[i] = await(p, false) - t0;

                    Prefix next = Prefix.parse("10.244." + (i % 200 + 1) + ".0/24");
                    t0 = System.nanoTime();
                    nb.transact(
                            NorthboundClient.DATABASE,
                            List.of(new Op.Update(
                                    LogicalSwitch.TABLE,
                                    List.of(Condition.eq("name", NODE)),
                                    Map.of("other_config", Map.of("subnet", next.toString())))),
                            WAIT);
                    subnetCall[i] = System.nanoTime() - t0;
                    subnet[i] = await(next, true) - t0;
                }
                return markdown(changes, create, createCall, delete, deleteCall, subnet, subnetCall);
            } finally {
                peerSpeaker.close();
            }
        }
    }

    private static void onEvent(PeerSession peer, SessionEvent e) {
        if (e instanceof SessionEvent.Routes r) {
            long now = System.nanoTime();
            UpdateMessage u = r.update();
            u.allWithdrawn().forEach(p -> SEEN.add(new Seen(p, false, now)));
            u.allAnnounced().forEach(p -> SEEN.add(new Seen(p, true, now)));
        }
    }

    /** Waits for the announcement (or withdrawal) of {@code p} at the peer; returns when it arrived. */
    private static long await(Prefix p, boolean announced) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Seen s = SEEN.poll(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (s == null) {
                throw new TimeoutException((announced ? "announcement" : "withdrawal") + " of " + p
                        + " not seen at the peer within " + WAIT);
            }
            if (s.prefix().equals(p) && s.announced() == announced) {
                return s.nanos();
            }
        }
    }

    private static String markdown(
            int changes,
            long[] create,
            long[] createCall,
            long[] delete,
            long[] deleteCall,
            long[] subnet,
            long[] subnetCall) {
        StringBuilder sb = new StringBuilder();
        sb.append("Run ")
                .append(Instant.now())
                .append(" on ")
                .append(IngestBench.machine())
                .append("\n\n");
        sb.append(String.format(
                Locale.ROOT,
                "%,d changes of each kind, one at a time, each waited for at the " + "peer.%n%n",
                changes));
        sb.append("| change → UPDATE at the peer | p50 | p99 | mean | max |\n|---|---:|---:|---:|---:|\n");
        sb.append(Samples.row("Service with `spec.externalIPs` created → announcement", create));
        sb.append(Samples.row("… of which the create call to the API server", createCall));
        sb.append(Samples.row("Service deleted → withdrawal", delete));
        sb.append(Samples.row("… of which the delete call to the API server", deleteCall));
        sb.append(Samples.row("NB `other_config:subnet` changed → announcement of the new subnet", subnet));
        sb.append(Samples.row("… of which the NB transaction (in-process `OvsdbSession`)", subnetCall));
        return sb.toString();
    }
}
