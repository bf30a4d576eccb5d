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
import io.ovnbgp.bridge.bgp.BoundedWait;
import io.ovnbgp.bridge.bgp.LocalPrefixes;
import io.ovnbgp.bridge.bgp.PeerSettingsFactory;
import io.ovnbgp.bridge.bgp.RunningPeers;
import io.ovnbgp.bridge.config.BridgeConfig;
import io.ovnbgp.bridge.config.ConfigValidator;
import io.ovnbgp.bridge.config.NodeFacts;
import io.ovnbgp.bridge.kube.ConfigMapWatcher;
import io.ovnbgp.bridge.kube.KubeEvents;
import io.ovnbgp.bridge.kube.KubernetesSources;
import io.ovnbgp.bridge.kube.SecretPasswords;
import io.ovnbgp.bridge.kube.ServiceCidrs;
import io.ovnbgp.bridge.metrics.BridgeMetrics;
import io.ovnbgp.bridge.metrics.PeerSamples;
import io.ovnbgp.bridge.ovn.NorthboundFanout;
import io.ovnbgp.bridge.ovn.PodNetworkSource;
import io.ovnbgp.bridge.ovn.StaticRouteReconciler;
import io.ovnbgp.bridge.status.StatusServer;
import io.ovnbgp.ovsdb.nb.MonitorMode;
import io.ovnbgp.ovsdb.nb.NorthboundClient;
import io.ovnbgp.ovsdb.nb.NorthboundOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
    /** How long the convergence check waits for the RIB's statistics. */
    private static final Duration RIB_WAIT = Duration.ofSeconds(2);

    private final BridgeConfig config;
    private final Parts parts;
    private final StatusServer http;
    private final ConfigWatch watch;

    private BridgeDaemon(BridgeConfig config, Parts parts, StatusServer http) {
        this.config = config;
        this.parts = parts;
        this.http = http;
        this.watch = new ConfigWatch(parts.reloader());
    }

    /** The Kubernetes side: the API client, the Events poster, the Secrets' namespace; all null without it. */
    record Kube(KubernetesClient client, KubeEvents events, String secretNamespace) {
        /** Reads the peers' Secret passwords through the API (null without Kubernetes). */
        Supplier<PeerSettingsFactory.SecretReader> secretReader() {
            return () -> client == null ? null : new SecretPasswords(client, secretNamespace, SECRET_WAIT)::read;
        }
    }

    /** The BGP side: the RIB, the speaker and its sessions, what this node originates. */
    record Bgp(Rib rib, BgpSpeaker speaker, RunningPeers peers, LocalPrefixes local) {}

    /** The OVN side: the Northbound connection, its only writer, the Pod subnets read from it. */
    record Ovn(NorthboundClient northbound, StaticRouteReconciler reconciler, PodNetworkSource podNetwork) {}

    /** Every running part but the HTTP server; {@code sources} is null without Kubernetes. */
    record Parts(Kube kube, Bgp bgp, Ovn ovn, KubernetesSources sources, ConfigReloader reloader) {}

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

        record File(Path path, String text) implements ConfigOrigin {}

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
    public static BridgeDaemon start(BridgeConfig config, ConfigOrigin origin)
            throws IOException, InterruptedException {
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
        Kube kube = openKube(config, opened);
        Supplier<PeerSettingsFactory.SecretReader> secretReader = kube.secretReader();
        List<PeerSettings> peerSettings = new ArrayList<>();
        PeerSettingsFactory.SecretReader startReader = secretReader.get();
        for (int i = 0; i < config.peers().size(); i++) {
            peerSettings.add(PeerSettingsFactory.from(config, i, startReader));
        }
        ConfigValidator.notes(config).forEach(note -> LOG.warn("configuration: {}", note));
        BridgeMetrics metrics = new BridgeMetrics(config.nodeName(), Version.get());
        metrics.configuredPeers(config.peers().size());
        Bgp bgp = startBgp(config, peerSettings, kube.events(), metrics, opened);
        Ovn ovn = startOvn(config, bgp, metrics, opened);
        KubernetesSources sources = null;
        if (kube.client() != null) {
            sources = KubernetesSources.start(config, kube.client(), bgp.local(), ovn.podNetwork()::annotatedSubnets);
            opened.push(sources);
        } else {
            LOG.info("kubernetes.enabled is false: advertising only the Pod subnets found in NB and any"
                    + " kubernetes.serviceCIDRs (no Service IPs, no node address)");
        }
        ConfigReloader reloader = new ConfigReloader(
                config,
                origin.text(),
                origin.nodeFacts(),
                bgp.peers(),
                metrics,
                secretReader,
                refusals(origin, kube.events()),
                c -> metrics.configuredPeers(c.peers().size()));
        Parts parts = new Parts(kube, bgp, ovn, sources, reloader);
        DaemonStatus pages = new DaemonStatus(config, parts);
        StatusServer http = new StatusServer(
                config.metrics().address(), config.metrics().port(), metrics, ovn.northbound()::isReady, pages::status);
        opened.push(http);
        http.json("/routes", pages::routes);
        BridgeDaemon daemon = new BridgeDaemon(config, parts, http);
        bgp.peers().startAll();
        try {
            daemon.watch.start(origin, kube.client(), kube.secretNamespace(), kube.events() != null);
        } catch (IOException | RuntimeException e) {
            daemon.watch.close();
            throw e;
        }
        LOG.info(
                "ovn-bgp-bridge {} for node {} (AS {}, router ID {}): status on http://{}:{}/status",
                Version.get(),
                config.nodeName(),
                config.localASN(),
                config.routerID(),
                config.metrics().address(),
                http.port());
        return daemon;
    }

    private static Kube openKube(BridgeConfig config, Deque<AutoCloseable> opened) {
        if (!config.kubernetes().enabled()) {
            return new Kube(null, null, null);
        }
        KubernetesClient client = KubernetesSources.client(config.kubernetes());
        opened.push(client);
        KubeEvents events = new KubeEvents(client, config.nodeName());
        opened.push(events);
        return new Kube(client, events, SecretPasswords.namespaceOf(client));
    }

    private static Bgp startBgp(
            BridgeConfig config,
            List<PeerSettings> peerSettings,
            KubeEvents events,
            BridgeMetrics metrics,
            Deque<AutoCloseable> opened)
            throws IOException, InterruptedException {
        int routerId = InetAddresses.coerceToInteger(InetAddresses.forString(config.routerID()));
        BridgeConfig.BestPath bp = config.bestPath();
        Rib rib = new Rib(RibSettings.of(config.localASN(), routerId)
                .withMaxPaths(bp.maxPaths())
                .withRelaxAsPath(bp.multipathRelax())
                .withAlwaysCompareMed(bp.alwaysCompareMed()));
        opened.push(rib);
        BgpSpeaker speaker = BgpSpeaker.start(
                InetAddresses.forString(config.listen().address()),
                config.listen().port());
        opened.push(speaker);
        RunningPeers peers = new RunningPeers(speaker, rib, new LoggingSessionListener((peer, e) -> {
            if (events != null) {
                events.onSessionEvent(peer, e);
            }
        }));
        for (int i = 0; i < peerSettings.size(); i++) {
            peers.add(config.peers().get(i), peerSettings.get(i));
        }
        metrics.peers(PeerSamples.reading(peers::sessions, rib));
        LocalPrefixes local = new LocalPrefixes(rib);
        metrics.originated(local::countByTag);
        return new Bgp(rib, speaker, peers, local);
    }

    private static Ovn startOvn(BridgeConfig config, Bgp bgp, BridgeMetrics metrics, Deque<AutoCloseable> opened) {
        StaticRouteReconciler.Settings settings = StaticRouteReconciler.Settings.from(config);
        // only what this node needs: other nodes' changes on a shared (central-mode) NB never reach it
        NorthboundOptions nbOptions = NorthboundOptions.parse(config.ovn().northbound())
                .withMonitorMode(MonitorMode.parse(config.ovn().northboundMonitor()))
                .withScope(settings.scope());
        StaticRouteReconciler reconciler = new StaticRouteReconciler(
                settings,
                bgp.rib(),
                () -> waitingForPeers(bgp.rib(), bgp.peers().sessions()),
                metrics);
        PodNetworkSource podNetwork =
                new PodNetworkSource(config.nodeName(), bgp.local().source("ovn-nb"));
        ServiceCidrs.of(config.kubernetes()).originate(bgp.local().source("serviceCIDRs"));
        NorthboundClient northbound =
                NorthboundClient.start(nbOptions, new NorthboundFanout(List.of(reconciler, podNetwork)));
        opened.push(northbound);
        reconciler.start(northbound);
        opened.push(reconciler);
        return new Ovn(northbound, reconciler, podNetwork);
    }

    /** Where a refused version is posted as an Event: on the ConfigMap it came from, when Events are posted. */
    private static Consumer<String> refusals(ConfigOrigin origin, KubeEvents events) {
        return origin instanceof ConfigOrigin.ConfigMap cm && events != null
                ? message -> events.invalidConfig(
                        cm.watcher().namespace(), cm.watcher().name(), message)
                : message -> {};
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
        Map<String, PeerRibStats> stats = BoundedWait.orElse(rib.stats(), RIB_WAIT, null);
        if (stats == null) {
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

    /**
     * The stop on SIGTERM, as before a restart: the OVN writer stops first, so that the sessions ending below do
     * not withdraw learned routes from NB (the rows stay for the next start to adopt); then graceful-restart
     * peers are left without a NOTIFICATION (they keep our routes as stale) and the others are sent Cease /
     * Administrative Shutdown with an RFC 8203 message. docs/lifecycle.md.
     */
    @Override
    public void close() {
        Bgp bgp = parts.bgp();
        // a reload in progress finishes (it starts nothing now), so that no session escapes the stop below
        bgp.peers().closing();
        watch.close(RELOAD_STOP);
        if (parts.kube().events() != null) {
            parts.kube().events().close(); // our own stop is not a session failure to post as a Warning
        }
        parts.ovn().reconciler().close();
        bgp.speaker().shutdownForRestart("ovn-bgp-bridge on " + config.nodeName() + " stopping", SESSIONS_STOP);
        if (parts.sources() != null) {
            parts.sources().close();
        }
        bgp.rib().close();
        http.close();
        parts.ovn().northbound().close();
    }
}
