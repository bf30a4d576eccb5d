package io.ovnbgp.bridge.metrics;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The daemon's Prometheus registry: its own series under {@code ovn_bgp_bridge_}, and the JVM's. */
public final class BridgeMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Gauge nbConnected;
    private final Gauge configuredPeers;
    private final Histogram routeSyncLag;
    private final Histogram nbTransaction;
    private final Gauge rowsOwned;
    private final Gauge heldBack;
    private final Counter repairs;
    private final Counter resyncs;
    private final Gauge configValid;
    private final Counter configReloads;
    private PeerCollector peerCollector;
    /** The outcomes of {@link #configReload}; each series exists from the start so that increase() sees the first. */
    static final List<String> RELOAD_OUTCOMES = List.of("applied", "refused", "unchanged");

    private static final double[] LATENCY_BUCKETS = {
        0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60
    };

    public BridgeMetrics(String nodeName, String version) {
        registerProcess(nodeName, version);
        nbConnected = gauge("ovn_bgp_bridge_nb_connected", "1 while the OVN Northbound connection is up, else 0");
        configuredPeers = gauge("ovn_bgp_bridge_configured_peers", "Number of BGP peers in the configuration in force");
        // the OVN writer
        routeSyncLag = latency(
                "ovn_bgp_bridge_route_sync_lag_seconds",
                "Time from the arrival of the UPDATE (or session event) that changed a prefix to the commit of "
                        + "the Northbound transaction that carries the change");
        nbTransaction = latency(
                "ovn_bgp_bridge_nb_transaction_seconds",
                "Round trip of the Northbound transactions of the route writer, by outcome",
                "outcome");
        rowsOwned = gauge(
                "ovn_bgp_bridge_nb_rows_owned",
                "Logical_Router_Static_Route rows with our owner key on the target router");
        heldBack = gauge(
                "ovn_bgp_bridge_routes_held_back", "Loc-RIB prefixes not written to OVN because of ovn.maxRoutes");
        repairs = counter("ovn_bgp_bridge_nb_repairs", "Rows of ours deleted or edited by another writer and restored");
        resyncs = counter(
                "ovn_bgp_bridge_nb_resyncs",
                "Full Northbound resynchronizations (initial connect, reconnects, leader changes)");
        // the configuration
        configValid = gauge(
                "ovn_bgp_bridge_config_valid",
                "1 while the configuration last read is the one in force, 0 after a refused one");
        configReloads = counter(
                "ovn_bgp_bridge_config_reloads",
                "Configuration reloads by outcome: applied, refused (the running one stays), unchanged",
                "outcome");
        RELOAD_OUTCOMES.forEach(o -> configReloads.labelValues(o));
        // the daemon starts only with a valid configuration
        configValid.set(1);
        nbConnected.set(0);
        rowsOwned.set(0);
        heldBack.set(0);
    }

    /** The JVM's series and {@code ovn_bgp_bridge_build_info}. */
    private void registerProcess(String nodeName, String version) {
        JvmMetrics.builder().register(registry);
        Info.builder()
                .name("ovn_bgp_bridge_build_info")
                .help("Version of the running daemon and the node it serves")
                .labelNames("version", "node")
                .register(registry)
                .addLabelValues(version, nodeName);
    }

    private Gauge gauge(String name, String help) {
        return Gauge.builder().name(name).help(help).register(registry);
    }

    private Counter counter(String name, String help, String... labelNames) {
        Counter.Builder b = Counter.builder().name(name).help(help);
        if (labelNames.length > 0) {
            b.labelNames(labelNames);
        }
        return b.register(registry);
    }

    /** A histogram with the classic {@link #LATENCY_BUCKETS} only. */
    private Histogram latency(String name, String help, String... labelNames) {
        Histogram.Builder b =
                Histogram.builder().name(name).help(help).classicOnly().classicUpperBounds(LATENCY_BUCKETS);
        if (labelNames.length > 0) {
            b.labelNames(labelNames);
        }
        return b.register(registry);
    }

    public void routeSyncLag(double seconds) {
        routeSyncLag.observe(Math.max(0, seconds));
    }

    public void nbTransaction(double seconds, boolean committed) {
        nbTransaction.labelValues(committed ? "committed" : "failed").observe(Math.max(0, seconds));
    }

    public void rowsOwned(int n) {
        rowsOwned.set(n);
    }

    public void routesHeldBack(int n) {
        heldBack.set(n);
    }

    public void repair() {
        repairs.inc();
    }

    public void nbResync() {
        resyncs.inc();
    }

    /**
     * Registers the per-peer series ({@code ovn_bgp_bridge_session_*}, {@code _prefixes_*}, {@code _messages_*},
     * {@code _notifications_total}, ...). {@code peers} is read at every scrape and must return the peers
     * configured at that moment: one that is gone has no series any more. Called once.
     */
    public synchronized void peers(Supplier<? extends Collection<PeerSample>> peers) {
        if (peerCollector != null) {
            throw new IllegalStateException("the per-peer series are registered already");
        }
        peerCollector = new PeerCollector(peers);
        registry.register(peerCollector);
    }

    /** Whether the configuration last read is in force (1) or was refused (0); see {@link #configReload}. */
    public void configValid(boolean valid) {
        configValid.set(valid ? 1 : 0);
    }

    /**
     * Counts one reload attempt by its outcome: {@code applied} (a new configuration is in force),
     * {@code refused} (invalid, or a change that needs a restart: the running one stays), {@code unchanged}
     * (nothing to apply).
     */
    public void configReload(String outcome) {
        if (!RELOAD_OUTCOMES.contains(outcome)) {
            throw new IllegalArgumentException(
                    "config reload outcome '" + outcome + "' is not one of " + RELOAD_OUTCOMES);
        }
        configReloads.labelValues(outcome).inc();
    }

    /** Originated prefixes per tag (podNetwork, loadBalancerIPs, ...), read at scrape time. */
    public void originated(Supplier<Map<String, Integer>> countByTag) {
        GaugeWithCallback.builder()
                .name("ovn_bgp_bridge_originated_prefixes")
                .help("Prefixes this node originates, by kind (a prefix of two kinds counts in both)")
                .labelNames("kind")
                .callback(cb -> countByTag.get().forEach((tag, n) -> cb.call(n, tag)))
                .register(registry);
    }

    public void nbConnected(boolean up) {
        nbConnected.set(up ? 1 : 0);
    }

    public void configuredPeers(int n) {
        configuredPeers.set(n);
    }

    public PrometheusRegistry registry() {
        return registry;
    }

    public String contentType() {
        return writer.getContentType();
    }

    public void write(OutputStream out) throws IOException {
        writer.write(out, registry.scrape());
    }
}
