package io.ovnbgp.bench;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.ovnbgp.bgp.fsm.PeerSession;
import io.ovnbgp.bgp.fsm.PeerSettings;
import io.ovnbgp.bgp.fsm.SessionEvent;
import io.ovnbgp.bgp.fsm.SessionState;
import io.ovnbgp.bgp.transport.BgpSpeaker;
import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.AsPath;
import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.Origin;
import io.ovnbgp.bgp.wire.PathAttributes;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bgp.wire.UpdateMessage;
import io.ovnbgp.bridge.BridgeDaemon;
import io.ovnbgp.bridge.config.BridgeConfig;
import io.ovnbgp.bridge.config.ConfigLoader;
import io.ovnbgp.bridge.config.NodeFacts;
import io.ovnbgp.bridge.kube.ConfigMapWatcher;
import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.FreePorts;
import io.ovnbgp.e2e.harness.KubeApi;
import io.ovnbgp.e2e.harness.OvnDatabases;
import io.ovnbgp.ovsdb.client.Condition;
import io.ovnbgp.ovsdb.client.Op;
import io.ovnbgp.ovsdb.client.OvsdbRemote;
import io.ovnbgp.ovsdb.client.OvsdbSession;
import io.ovnbgp.ovsdb.nb.NorthboundClient;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * hack/bench/reload: how long a ConfigMap change takes to act. The bridge ({@link BridgeDaemon}, in this JVM, as
 * {@code run --configmap} starts it) reads its configuration from fabric8's mock API (CRUD mode) and writes to a
 * real OVN Northbound ovsdb-server. Each round adds a peer to the ConfigMap (the peer is our own speaker in this
 * JVM, passive, which stamps {@code System.nanoTime} when its session reaches Established and then announces one
 * route), waits for the route's row in NB, then removes the peer from the ConfigMap and waits for the row to
 * leave NB (polled in-process every millisecond). The clock starts just before the API call that replaces the
 * ConfigMap, so each figure includes that call, shown beside it. Between rounds the peer's own idle hold time
 * after the Cease (RFC 4271 DampPeerOscillations) is waited out, so that it is not counted as the bridge's.
 */
public final class ReloadBench {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String NODE = "node1";
    private static final String NS = "ovn-bgp-bridge";
    private static final String CM = "bridge-config";
    private static final String BRIDGE_ADDR = "127.0.0.1";
    private static final String PEER_ADDR = "127.0.0.2";
    private static final Prefix ROUTE = Prefix.parse("198.51.100.0/24");
    private static final AtomicLong ESTABLISHED_AT = new AtomicLong();

    public static void main(String[] args) throws Exception {
        CountedRun.main(args, "--rounds", 50, ReloadBench::run);
    }

    private static String run(Daemons daemons, int rounds) throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        ovn.nbctl("lr-add", "GR_" + NODE);
        BgpSpeaker peerSpeaker = BgpSpeaker.startListeningOnAnyPort(InetAddress.getByName(PEER_ADDR));
        PeerSession peer = peerSpeaker.addPeer(
                PeerSettings.basic("bridge", InetAddress.getByName(BRIDGE_ADDR), 179, 65001, 64512, 0x0A000002)
                        .withPassive(true)
                        .withTimers(90, 30, Duration.ofSeconds(1))
                        .withFamilies(Set.of(AfiSafi.IPV4_UNICAST)),
                ReloadBench::onEvent);
        peer.start();
        String header = """
                nodeName: %s
                localASN: 64512
                routerID: 192.0.2.10
                listen: {address: %s, port: 0}
                ovn: {northbound: "%s"}
                metrics: {address: 127.0.0.1, port: %d}
                kubernetes: {enabled: false}
                """.formatted(NODE, BRIDGE_ADDR, ovn.nbRemote(), FreePorts.next());
        String withPeer = header + """
                peers:
                  - {name: upstream, address: %s, port: %d, asn: 65001, sourceAddress: %s,
                     families: [ipv4-unicast], connectRetryTime: 1s, receive: {mode: all}}
                """.formatted(PEER_ADDR, peerSpeaker.listenPort(), BRIDGE_ADDR);
        String withoutPeer = header + "peers: []\n";
        try (KubeApi kube = KubeApi.start();
                OvsdbSession nb = OvsdbSession.open(OvsdbRemote.parse(ovn.nbRemote()), WAIT)) {
            put(kube, withoutPeer);
            ConfigMapWatcher watcher = new ConfigMapWatcher(kube.client(), NS, CM);
            String text = watcher.read(WAIT);
            BridgeConfig config = ConfigLoader.parse(text, watcher.source(), new NodeFacts(NODE, null));
            try (BridgeDaemon bridge =
                    BridgeDaemon.start(config, new BridgeDaemon.ConfigOrigin.ConfigMap(watcher, text))) {
                long[] established = new long[rounds];
                long[] rowIn = new long[rounds];
                long[] rowGone = new long[rounds];
                long[] addCall = new long[rounds];
                long[] removeCall = new long[rounds];
                for (int i = 0; i < rounds; i++) {
                    ESTABLISHED_AT.set(0);
                    long t0 = System.nanoTime();
                    put(kube, withPeer);
                    addCall[i] = System.nanoTime() - t0;
                    established[i] = awaitEstablished() - t0;
                    rowIn[i] = awaitRow(nb, true) - t0;

                    t0 = System.nanoTime();
                    put(kube, withoutPeer);
                    removeCall[i] = System.nanoTime() - t0;
                    rowGone[i] = awaitRow(nb, false) - t0;
                    // the peer, told Cease, holds off new connections for its idle hold time (RFC 4271
                    // DampPeerOscillations): that is the peer's delay, not the reload's, so wait it out here
                    long idleUntil = System.nanoTime() + WAIT.toNanos();
                    while (peer.state() != SessionState.ACTIVE && System.nanoTime() < idleUntil) {
                        Thread.sleep(5);
                    }
                }
                return markdown(rounds, established, rowIn, addCall, rowGone, removeCall);
            }
        } finally {
            peerSpeaker.close();
        }
    }

    private static void put(KubeApi kube, String text) {
        kube.client()
                .configMaps()
                .inNamespace(NS)
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(CM)
                        .withNamespace(NS)
                        .endMetadata()
                        .withData(Map.of(ConfigMapWatcher.KEY, text))
                        .build())
                .createOr(existing -> existing.update());
    }

    /** The peer announces its route as soon as the session is up, as a router would. */
    private static void onEvent(PeerSession peer, SessionEvent e) {
        if (e instanceof SessionEvent.Up) {
            ESTABLISHED_AT.set(System.nanoTime());
            PathAttributes attrs = PathAttributes.builder()
                    .origin(Origin.IGP)
                    .asPath(AsPath.sequence(65001))
                    .nextHop(IpAddress.parse("203.0.113.2"))
                    .build();
            peer.send(UpdateMessage.announce(attrs, List.of(ROUTE)));
        }
    }

    private static long awaitEstablished() throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (ESTABLISHED_AT.get() == 0) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("the added peer did not reach Established within " + WAIT);
            }
            Thread.sleep(0, 200_000);
        }
        return ESTABLISHED_AT.get();
    }

    /** Polls NB for the route's row until it is there (or gone); returns when that was first seen. */
    private static long awaitRow(OvsdbSession nb, boolean present) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Op select = new Op.Select(
                "Logical_Router_Static_Route",
                List.of(Condition.eq("ip_prefix", ROUTE.toString())),
                List.of("nexthop"));
        while (true) {
            boolean there = !nb.transact(NorthboundClient.DATABASE, List.of(select), WAIT)
                    .get(0)
                    .rows()
                    .isEmpty();
            long now = System.nanoTime();
            if (there == present) {
                return now;
            }
            if (now > deadline) {
                throw new TimeoutException(
                        "the row of " + ROUTE + (present ? " did not appear" : " stayed") + " in NB within " + WAIT);
            }
            Thread.sleep(1);
        }
    }

    private static String markdown(
            int rounds, long[] established, long[] rowIn, long[] addCall, long[] rowGone, long[] removeCall) {
        StringBuilder sb = new StringBuilder();
        sb.append("Run ")
                .append(Instant.now())
                .append(" on ")
                .append(IngestBench.machine())
                .append("\n\n");
        sb.append(String.format(
                Locale.ROOT,
                "%,d rounds: a peer added to the ConfigMap, its route awaited in NB, "
                        + "the peer removed again, its row awaited gone.%n%n",
                rounds));
        sb.append("| ConfigMap replaced (API call) → | p50 | p99 | mean | max |\n|---|---:|---:|---:|---:|\n");
        sb.append(Samples.row("peer added → its session Established (at the peer)", established));
        sb.append(Samples.row("peer added → its route's row in NB", rowIn));
        sb.append(Samples.row("… of which the replace call to the API server", addCall));
        sb.append(Samples.row("peer removed → its route's row gone from NB", rowGone));
        sb.append(Samples.row("… of which the replace call to the API server", removeCall));
        return sb.toString();
    }
}
