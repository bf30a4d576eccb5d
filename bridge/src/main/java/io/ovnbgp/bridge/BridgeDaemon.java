package io.ovnbgp.bridge;

import com.google.common.net.InetAddresses;
import io.ovnbgp.bgp.fsm.PeerSession;
import io.ovnbgp.bgp.fsm.SessionEvent;
import io.ovnbgp.bgp.rib.PeerRibStats;
import io.ovnbgp.bgp.rib.Rib;
import io.ovnbgp.bgp.rib.RibPeer;
import io.ovnbgp.bgp.rib.RibSettings;
import io.ovnbgp.bgp.transport.BgpSpeaker;
import io.ovnbgp.bridge.bgp.LocalPrefixes;
import io.ovnbgp.bridge.bgp.RibConfigFactory;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ovnbgp.bridge.kube.KubernetesSources;
import io.ovnbgp.bridge.kube.SecretPasswords;
import io.ovnbgp.bridge.bgp.PeerSettingsFactory;
import io.ovnbgp.bridge.bgp.PeerStatus;
import io.ovnbgp.bridge.config.BridgeConfig;
import io.ovnbgp.bridge.metrics.BridgeMetrics;
import io.ovnbgp.bridge.ovn.StaticRouteReconciler;
import io.ovnbgp.bridge.status.PrefixView;
import io.ovnbgp.bridge.status.StatusServer;
import io.ovnbgp.bgp.fsm.Negotiated;
import io.ovnbgp.bgp.fsm.SessionState;
import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bridge.ovn.NorthboundFanout;
import io.ovnbgp.bridge.ovn.PodNetworkSource;
import io.ovnbgp.ovsdb.nb.NorthboundClient;
import io.ovnbgp.ovsdb.nb.NorthboundOptions;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running daemon for one validated configuration: the BGP speaker and RIB, one Northbound connection
 * ({@link NorthboundClient}) whose only writer is the {@link StaticRouteReconciler}, and the HTTP status server.
 */
public final class BridgeDaemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeDaemon.class);
    /** How long the start waits for the API server to hand over the peers' Secret passwords. */
    private static final java.time.Duration SECRET_WAIT = java.time.Duration.ofSeconds(30);

    private final BridgeConfig config;
    private final BridgeMetrics metrics;
    private final NorthboundClient northbound;
    private final StaticRouteReconciler reconciler;
    private final StatusServer http;
    private final BgpSpeaker speaker;
    private final Rib rib;
    private final List<PeerSession> peers;
    private final Map<String, RibPeer> ribPeers;
    private final LocalPrefixes local;
    private final PodNetworkSource podNetwork;
    private final KubernetesSources kubernetes;

    private BridgeDaemon(BridgeConfig config, BridgeMetrics metrics, NorthboundClient northbound,
            StaticRouteReconciler reconciler, StatusServer http, BgpSpeaker speaker, Rib rib, List<PeerSession> peers,
            Map<String, RibPeer> ribPeers, LocalPrefixes local, PodNetworkSource podNetwork,
            KubernetesSources kubernetes) {
        this.config = config;
        this.metrics = metrics;
        this.northbound = northbound;
        this.reconciler = reconciler;
        this.http = http;
        this.speaker = speaker;
        this.rib = rib;
        this.peers = peers;
        this.ribPeers = Map.copyOf(ribPeers);
        this.local = local;
        this.podNetwork = podNetwork;
        this.kubernetes = kubernetes;
    }

    /**
     * Starts every part. A peer whose settings cannot be used (an unreadable password file) fails the start
     * with an {@link IllegalArgumentException} naming its field, before anything is started.
     */
    public static BridgeDaemon start(BridgeConfig config) throws IOException, InterruptedException {
        // what is running so far, closed newest first if a later part fails to start
        java.util.ArrayDeque<AutoCloseable> opened = new java.util.ArrayDeque<>();
        try {
            return start(config, opened);
        } catch (IOException | InterruptedException | RuntimeException e) {
            while (!opened.isEmpty()) {
                try {
                    opened.pop().close();
                } catch (Exception closing) {
                    e.addSuppressed(closing);
                }
            }
            throw e;
        }
    }

    private static BridgeDaemon start(BridgeConfig config, java.util.Deque<AutoCloseable> opened)
            throws IOException, InterruptedException {
        KubernetesClient kubeClient = config.kubernetes().enabled()
                ? KubernetesSources.client(config.kubernetes()) : null;
        if (kubeClient != null) {
            opened.push(kubeClient);
        }
        var peerSettings = new java.util.ArrayList<io.ovnbgp.bgp.fsm.PeerSettings>();
        SecretPasswords secrets = kubeClient == null ? null
                : new SecretPasswords(kubeClient, SecretPasswords.namespaceOf(kubeClient), SECRET_WAIT);
        for (int i = 0; i < config.peers().size(); i++) {
            peerSettings.add(PeerSettingsFactory.from(config, i, secrets == null ? null : secrets::read));
        }
        BridgeMetrics metrics = new BridgeMetrics(config.nodeName(), Version.get());
        metrics.configuredPeers(config.peers().size());
        int routerId = InetAddresses.coerceToInteger(InetAddresses.forString(config.routerID()));
        Rib rib = new Rib(RibSettings.of(config.localASN(), routerId));
        opened.push(rib);
        BgpSpeaker speaker = BgpSpeaker.start(InetAddresses.forString(config.listen().address()),
                config.listen().port());
        opened.push(speaker);
        List<PeerSession> sessions = new java.util.ArrayList<>();
        Map<String, RibPeer> ribPeers = new LinkedHashMap<>();
        for (int i = 0; i < peerSettings.size(); i++) {
            RibPeer ribPeer = rib.attach(peerSettings.get(i).name(), RibConfigFactory.from(config.peers().get(i)));
            ribPeers.put(ribPeer.name(), ribPeer);
            sessions.add(speaker.addPeer(peerSettings.get(i), (peer, e) -> {
                logSessionEvent(peer, e);
                ribPeer.onEvent(peer, e);
            }));
        }
        metrics.peers(() -> sessions);
        NorthboundOptions nbOptions = NorthboundOptions.parse(config.ovn().northbound());
        List<PeerSession> peerList = List.copyOf(sessions);
        StaticRouteReconciler reconciler = new StaticRouteReconciler(StaticRouteReconciler.Settings.from(config), rib,
                () -> waitingForPeers(rib, peerList), metrics);
        BridgeDaemon[] self = new BridgeDaemon[1];
        LocalPrefixes local = new LocalPrefixes(rib);
        metrics.originated(local::countByTag);
        PodNetworkSource podNetwork = new PodNetworkSource(config.nodeName(), local.source("ovn-nb"));
        NorthboundClient nb = NorthboundClient.start(nbOptions,
                new NorthboundFanout(List.of(reconciler, podNetwork)));
        opened.push(nb);
        reconciler.start(nb);
        opened.push(reconciler);
        KubernetesSources kubernetes = null;
        if (kubeClient != null) {
            kubernetes = KubernetesSources.start(config, kubeClient, local, podNetwork::annotatedSubnets);
            opened.push(kubernetes);
        } else {
            LOG.info("kubernetes.enabled is false: advertising only the Pod subnets found in NB (no Service IPs,"
                    + " no node address)");
        }
        StatusServer http = new StatusServer(config.metrics().address(), config.metrics().port(), metrics,
                nb::isReady, q -> self[0].status(q));
        http.json("/routes", q -> self[0].routes(q));
        self[0] = new BridgeDaemon(config, metrics, nb, reconciler, http, speaker, rib, peerList, ribPeers, local,
                podNetwork, kubernetes);
        sessions.forEach(PeerSession::start);
        LOG.info("ovn-bgp-bridge {} for node {} (AS {}, router ID {}): status on http://{}:{}/status",
                Version.get(), config.nodeName(), config.localASN(), config.routerID(),
                config.metrics().address(), http.port());
        return self[0];
    }

    /**
     * Null when every configured peer is Established and has sent End-of-RIB for each family it negotiated (the
     * RIB then holds everything it will learn), else which peers are still awaited.
     */
    static String waitingForPeers(Rib rib, List<PeerSession> peers) {
        if (peers.isEmpty()) {
            return null;
        }
        Map<String, PeerRibStats> stats;
        try {
            stats = rib.stats().get(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            return "RIB statistics";
        }
        List<String> waiting = new ArrayList<>();
        for (PeerSession p : peers) {
            PeerRibStats st = stats.get(p.name());
            Optional<Negotiated> n = p.negotiated();
            if (p.state() != SessionState.ESTABLISHED || n.isEmpty() || st == null) {
                waiting.add(p.name() + " (not established)");
                continue;
            }
            Set<AfiSafi> missing = new HashSet<>(n.get().families());
            missing.removeAll(st.endOfRib());
            if (!missing.isEmpty()) {
                waiting.add(p.name() + " (End-of-RIB for " + missing + ")");
            }
        }
        return waiting.isEmpty() ? null : String.join(", ", waiting);
    }

    /** What an administrator wants in the log of a session; the RIB takes the events themselves. */
    private static void logSessionEvent(PeerSession peer, SessionEvent e) {
        if (e instanceof SessionEvent.StateChanged sc) {
            LOG.info("peer {} ({}): {} -> {}", peer.name(), peer.settings().remoteAddress().getHostAddress(),
                    sc.from(), sc.to());
        } else if (e instanceof SessionEvent.Down d) {
            LOG.warn("peer {}: session down: {}", peer.name(), d.reason());
        }
    }

    public int httpPort() {
        return http.port();
    }

    /** What {@code /status} shows: the configuration in force and the state of each part. */
    public Map<String, Object> status() {
        return status(null);
    }

    /** As {@link #status()}; {@code prefix=P} in the query adds the per-route view of P. */
    public Map<String, Object> status(String query) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("node", config.nodeName());
        s.put("version", Version.get());
        s.put("localASN", config.localASN());
        s.put("routerID", config.routerID());
        s.put("ovnRouter", config.ovn().routerFor(config.nodeName()));
        s.put("northbound", northboundStatus());
        s.put("routes", reconciler.status());
        s.put("podNetwork", podNetwork.view());
        s.put("kubernetes", kubernetes == null ? Map.of("enabled", false) : kubernetes.status());
        s.put("originated", local.view());
        String prefix = queryParam(query, "prefix");
        if (prefix != null) {
            try {
                Prefix p = Prefix.parse(prefix);
                // learned: the peers' paths → the ECMP next hops → the OVN rows; originated: → the peers told
                Map<String, Object> route = new LinkedHashMap<>(reconciler.route(p));
                route.put("bgpPaths", PrefixView.bgpPaths(rib, p));
                route.put("originated", local.view(p));
                route.put("advertisedTo", PrefixView.advertisedTo(new java.util.TreeMap<>(ribPeers), p));
                s.put("route", route);
            } catch (IllegalArgumentException e) {
                s.put("route", Map.of("error", e.getMessage()));
            }
        }
        s.put("bgpListenPort", speaker.listenPort());
        Map<String, PeerRibStats> ribStats;
        try {
            ribStats = rib.stats().get(2, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            ribStats = Map.of();
        }
        Map<String, PeerRibStats> stats = ribStats;
        s.put("peers", peers.stream().map(p -> PeerStatus.of(p, stats.get(p.name()))).toList());
        return s;
    }

    /** What {@code /routes} shows: the learned and the originated table, each cut at {@code ?limit=}. */
    public Map<String, Object> routes(String query) {
        return io.ovnbgp.bridge.status.RoutesView.of(query, rib, new java.util.TreeMap<>(ribPeers), reconciler,
                local);
    }

    private Map<String, Object> northboundStatus() {
        NorthboundClient.State st = northbound.state();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("remote", st.remote());
        m.put("connected", st.connected());
        m.put("ready", northbound.isReady());
        m.put("schemaVersion", northbound.schemaVersion());
        if (st.server() != null) {
            m.put("model", st.server().model());
            m.put("leader", st.server().leader());
        }
        m.put("lastError", st.lastError());
        m.put("since", st.since() == null ? null : st.since().toString());
        return m;
    }

    static String queryParam(String query, String name) {
        if (query == null) {
            return null;
        }
        for (String kv : query.split("&")) {
            int eq = kv.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8);
            if (k.equals(name)) {
                return eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    @Override
    public void close() {
        if (kubernetes != null) {
            kubernetes.close();
        }
        speaker.close();
        reconciler.close();
        rib.close();
        http.close();
        northbound.close();
    }
}
