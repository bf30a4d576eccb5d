package io.ovnbgp.bridge;

import com.google.common.net.InetAddresses;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ovnbgp.bgp.fsm.LoggingSessionListener;
import io.ovnbgp.bgp.fsm.Negotiated;
import io.ovnbgp.bgp.fsm.PeerSession;
import io.ovnbgp.bgp.fsm.PeerSettings;
import io.ovnbgp.bgp.fsm.SessionState;
import io.ovnbgp.bgp.rib.PeerRibStats;
import io.ovnbgp.bgp.rib.Rib;
import io.ovnbgp.bgp.rib.RibSettings;
import io.ovnbgp.bgp.transport.BgpSpeaker;
import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bridge.bgp.LocalPrefixes;
import io.ovnbgp.bridge.kube.KubeEvents;
import io.ovnbgp.bridge.bgp.PeerSettingsFactory;
import io.ovnbgp.bridge.bgp.PeerStatus;
import io.ovnbgp.bridge.bgp.RunningPeers;
import io.ovnbgp.bridge.config.BridgeConfig;
import io.ovnbgp.bridge.config.ConfigValidator;
import io.ovnbgp.bridge.config.NodeFacts;
import io.ovnbgp.bridge.kube.ConfigMapWatcher;
import io.ovnbgp.bridge.kube.KubernetesSources;
import io.ovnbgp.bridge.kube.SecretPasswords;
import io.ovnbgp.bridge.kube.ServiceCidrs;
import io.ovnbgp.bridge.metrics.BridgeMetrics;
import io.ovnbgp.bridge.metrics.PeerSamples;
import io.ovnbgp.bridge.ovn.NorthboundFanout;
import io.ovnbgp.bridge.ovn.PodNetworkSource;
import io.ovnbgp.bridge.ovn.StaticRouteReconciler;
import io.ovnbgp.bridge.status.PrefixView;
import io.ovnbgp.bridge.status.QueryString;
import io.ovnbgp.bridge.status.RoutesView;
import io.ovnbgp.bridge.status.StatusServer;
import io.ovnbgp.ovsdb.nb.NorthboundClient;
import io.ovnbgp.ovsdb.nb.NorthboundOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running daemon for one validated configuration: the BGP speaker and RIB, one Northbound connection
 * ({@link NorthboundClient}) whose only writer is the {@link StaticRouteReconciler}, and the HTTP status server.
 */
public final class BridgeDaemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeDaemon.class);
    /** How long the start waits for the API server to hand over the peers' Secret passwords. */
    private static final Duration SECRET_WAIT = Duration.ofSeconds(30);
    /** The sessions' part of the bounded stop (cli.BoundedStop): NOTIFICATIONs queued and written by then. */
    private static final Duration SESSIONS_STOP = Duration.ofSeconds(3);
    /** The part of the bounded stop a reload in progress is given to finish. */
    private static final Duration RELOAD_STOP = Duration.ofSeconds(1);

    private final BridgeConfig config;
    private final BridgeMetrics metrics;
    private final NorthboundClient northbound;
    private final StaticRouteReconciler reconciler;
    private final StatusServer http;
    private final BgpSpeaker speaker;
    private final Rib rib;
    private final RunningPeers peers;
    private final LocalPrefixes local;
    private final PodNetworkSource podNetwork;
    private final KubernetesSources kubernetes;
    private final ConfigReloader reloader;
    /** Session up/down Events on the Node, InvalidConfig on the ConfigMap; null without Kubernetes. */
    private final KubeEvents events;
    private final ConfigWatch watch;

    private BridgeDaemon(Parts p) {
        this.config = p.config;
        this.metrics = p.metrics;
        this.northbound = p.northbound;
        this.reconciler = p.reconciler;
        this.http = p.http;
        this.speaker = p.speaker;
        this.rib = p.rib;
        this.peers = p.peers;
        this.local = p.local;
        this.podNetwork = p.podNetwork;
        this.kubernetes = p.kubernetes;
        this.reloader = p.reloader;
        this.events = p.events;
        this.watch = new ConfigWatch(p.reloader);
    }

    /** What {@link #start} builds, in order, before the daemon object exists. */
    private static final class Parts {
        BridgeConfig config;
        BridgeMetrics metrics;
        NorthboundClient northbound;
        StaticRouteReconciler reconciler;
        StatusServer http;
        BgpSpeaker speaker;
        Rib rib;
        RunningPeers peers;
        LocalPrefixes local;
        PodNetworkSource podNetwork;
        KubernetesSources kubernetes;
        ConfigReloader reloader;
        KubernetesClient kubeClient;
        KubeEvents events;
        BridgeDaemon daemon;
    }

    /**
     * Where the configuration in force came from, so that its later versions can be watched: a file
     * ({@code --config}), a ConfigMap through the API ({@code --configmap}), or nothing to watch (tests and
     * benchmarks that hand over a configuration object).
     */
    public sealed interface ConfigOrigin {
        /** The text the running configuration was read from, or null. */
        String text();

        /** The facts later versions are resolved with: those the running one was read with. */
        default NodeFacts nodeFacts() {
            return NodeFacts.ofThisHost();
        }

        record None() implements ConfigOrigin {
            @Override
            public String text() {
                return null;
            }
        }

        record File(Path path, String text) implements ConfigOrigin {
        }

        record ConfigMap(ConfigMapWatcher watcher, String text) implements ConfigOrigin {
            /** As {@code run --configmap} reads the first version: with the API at hand. */
            @Override
            public NodeFacts nodeFacts() {
                return NodeFacts.ofThisHost().withKubernetesApi();
            }
        }
    }

    /**
     * Starts every part. A peer whose settings cannot be used (an unreadable password file) fails the start
     * with an {@link IllegalArgumentException} naming its field, before anything is started.
     */
    public static BridgeDaemon start(BridgeConfig config) throws IOException, InterruptedException {
        return start(config, new ConfigOrigin.None());
    }

    /** As {@link #start(BridgeConfig)}, then watches the origin for new versions and applies them live. */
    public static BridgeDaemon start(BridgeConfig config, ConfigOrigin origin) throws IOException, InterruptedException {
        // what is running so far, closed newest first if a later part fails to start
        Deque<AutoCloseable> opened = new ArrayDeque<>();
        try {
            return start(config, origin, opened);
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

    private static BridgeDaemon start(BridgeConfig config, ConfigOrigin origin, Deque<AutoCloseable> opened)
            throws IOException, InterruptedException {
        Parts p = new Parts();
        p.config = config;
        p.kubeClient = config.kubernetes().enabled() ? KubernetesSources.client(config.kubernetes()) : null;
        if (p.kubeClient != null) {
            opened.push(p.kubeClient);
        }
        KubernetesClient kubeClient = p.kubeClient;
        p.events = kubeClient == null ? null : new KubeEvents(kubeClient, config.nodeName());
        if (p.events != null) {
            opened.push(p.events);
        }
        KubeEvents events = p.events;
        String secretNamespace = kubeClient == null ? null : SecretPasswords.namespaceOf(kubeClient);
        Supplier<PeerSettingsFactory.SecretReader> secretReader = () -> kubeClient == null ? null
                : new SecretPasswords(kubeClient, secretNamespace, SECRET_WAIT)::read;
        var peerSettings = new ArrayList<PeerSettings>();
        PeerSettingsFactory.SecretReader startReader = secretReader.get();
        for (int i = 0; i < config.peers().size(); i++) {
            peerSettings.add(PeerSettingsFactory.from(config, i, startReader));
        }
        ConfigValidator.notes(config).forEach(note -> LOG.warn("configuration: {}", note));
        p.metrics = new BridgeMetrics(config.nodeName(), Version.get());
        p.metrics.configuredPeers(config.peers().size());
        int routerId = InetAddresses.coerceToInteger(InetAddresses.forString(config.routerID()));
        BridgeConfig.BestPath bp = config.bestPath();
        p.rib = new Rib(RibSettings.of(config.localASN(), routerId).withMaxPaths(bp.maxPaths())
                .withRelaxAsPath(bp.multipathRelax()).withAlwaysCompareMed(bp.alwaysCompareMed()));
        opened.push(p.rib);
        p.speaker = BgpSpeaker.start(InetAddresses.forString(config.listen().address()), config.listen().port());
        opened.push(p.speaker);
        p.peers = new RunningPeers(p.speaker, p.rib, new LoggingSessionListener((peer, e) -> {
            if (events != null) {
                events.onSessionEvent(peer, e);
            }
        }));
        for (int i = 0; i < peerSettings.size(); i++) {
            p.peers.add(config.peers().get(i), peerSettings.get(i));
        }
        RunningPeers running = p.peers;
        p.metrics.peers(PeerSamples.reading(running::sessions, p.rib));
        NorthboundOptions nbOptions = NorthboundOptions.parse(config.ovn().northbound());
        Rib rib = p.rib;
        p.reconciler = new StaticRouteReconciler(StaticRouteReconciler.Settings.from(config), rib,
                () -> waitingForPeers(rib, running.sessions()), p.metrics);
        p.local = new LocalPrefixes(rib);
        p.metrics.originated(p.local::countByTag);
        p.podNetwork = new PodNetworkSource(config.nodeName(), p.local.source("ovn-nb"));
        ServiceCidrs.of(config.kubernetes()).originate(p.local.source("serviceCIDRs"));
        p.northbound = NorthboundClient.start(nbOptions, new NorthboundFanout(List.of(p.reconciler, p.podNetwork)));
        opened.push(p.northbound);
        p.reconciler.start(p.northbound);
        opened.push(p.reconciler);
        if (kubeClient != null) {
            p.kubernetes = KubernetesSources.start(config, kubeClient, p.local, p.podNetwork::annotatedSubnets);
            opened.push(p.kubernetes);
        } else {
            LOG.info("kubernetes.enabled is false: advertising only the Pod subnets found in NB and any"
                    + " kubernetes.serviceCIDRs (no Service IPs, no node address)");
        }
        Consumer<String> refusals = origin instanceof ConfigOrigin.ConfigMap cm && events != null
                ? message -> events.invalidConfig(cm.watcher().namespace(), cm.watcher().name(), message)
                : message -> { };
        BridgeMetrics metrics = p.metrics;
        p.reloader = new ConfigReloader(config, origin.text(), origin.nodeFacts(), running, metrics, secretReader,
                refusals, c -> metrics.configuredPeers(c.peers().size()));
        Parts parts = p;
        p.http = new StatusServer(config.metrics().address(), config.metrics().port(), p.metrics,
                p.northbound::isReady, q -> parts.daemon.status(q));
        opened.push(p.http);
        p.http.json("/routes", q -> parts.daemon.routes(q));
        p.daemon = new BridgeDaemon(p);
        p.peers.startAll();
        try {
            p.daemon.watch.start(origin, kubeClient, secretNamespace, events != null);
        } catch (IOException | RuntimeException e) {
            p.daemon.watch.close();
            throw e;
        }
        LOG.info("ovn-bgp-bridge {} for node {} (AS {}, router ID {}): status on http://{}:{}/status",
                Version.get(), config.nodeName(), config.localASN(), config.routerID(),
                config.metrics().address(), p.http.port());
        return p.daemon;
    }

    /**
     * Applies a new version of the configuration now, as a difference, or refuses it whole (see
     * {@link ConfigReloader}).
     */
    public ConfigReloader.Result reload(String text, String source) {
        return watch.reload(text, source);
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
            stats = rib.stats().get(2, TimeUnit.SECONDS);
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
        s.put("config", reloader.status());
        s.put("routerID", config.routerID());
        s.put("ovnRouter", config.ovn().routerFor(config.nodeName()));
        s.put("northbound", northboundStatus());
        s.put("routes", reconciler.status());
        s.put("podNetwork", podNetwork.view());
        s.put("kubernetes", kubernetes == null ? Map.of("enabled", false) : kubernetes.status());
        s.put("originated", local.view());
        String prefix = QueryString.param(query, "prefix");
        if (prefix != null) {
            try {
                Prefix p = Prefix.parse(prefix);
                // learned: the peers' paths → the ECMP next hops → the OVN rows; originated: → the peers told
                Map<String, Object> route = new LinkedHashMap<>(reconciler.route(p));
                route.put("bgpPaths", PrefixView.bgpPaths(rib, p));
                route.put("originated", local.view(p));
                route.put("advertisedTo", PrefixView.advertisedTo(new TreeMap<>(peers.ribPeers()), p));
                s.put("route", route);
            } catch (IllegalArgumentException e) {
                s.put("route", Map.of("error", e.getMessage()));
            }
        }
        s.put("bgpListenPort", speaker.listenPort());
        Map<String, PeerRibStats> ribStats;
        try {
            ribStats = rib.stats().get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            ribStats = Map.of();
        }
        Map<String, PeerRibStats> stats = ribStats;
        s.put("peers", peers.sessions().stream().map(p -> PeerStatus.of(p, stats.get(p.name()))).toList());
        return s;
    }

    /** What {@code /routes} shows: the learned and the originated table, each cut at {@code ?limit=}. */
    public Map<String, Object> routes(String query) {
        return RoutesView.of(query, rib, new TreeMap<>(peers.ribPeers()), reconciler, local);
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


    /**
     * The stop on SIGTERM, as before a restart: the OVN writer stops first, so that the sessions ending below do
     * not withdraw learned routes from NB (the rows stay for the next start to adopt); then graceful-restart
     * peers are left without a NOTIFICATION (they keep our routes as stale) and the others are sent Cease /
     * Administrative Shutdown with an RFC 8203 message. docs/lifecycle.md.
     */
    @Override
    public void close() {
        // a reload in progress finishes (it starts nothing now), so that no session escapes the stop below
        peers.closing();
        watch.close(RELOAD_STOP);
        if (events != null) {
            events.close(); // our own stop is not a session failure to post as a Warning
        }
        reconciler.close();
        speaker.shutdownForRestart("ovn-bgp-bridge on " + config.nodeName() + " stopping", SESSIONS_STOP);
        if (kubernetes != null) {
            kubernetes.close();
        }
        rib.close();
        http.close();
        northbound.close();
    }
}
