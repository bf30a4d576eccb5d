package io.ovnbgp.bridge.metrics;

import io.ovnbgp.bgp.fsm.PeerCounters;
import io.ovnbgp.bgp.fsm.PeerSession;
import io.ovnbgp.bgp.fsm.SessionState;
import io.ovnbgp.bgp.wire.MessageType;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Collection;
import java.util.Locale;
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
    private static final double[] LATENCY_BUCKETS = {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25,
        0.5, 1, 2.5, 5, 10, 30, 60};

    public BridgeMetrics(String nodeName, String version) {
        JvmMetrics.builder().register(registry);
        Info.builder().name("ovn_bgp_bridge_build_info").help("Version of the running daemon and the node it serves")
                .labelNames("version", "node").register(registry).addLabelValues(version, nodeName);
        nbConnected = Gauge.builder().name("ovn_bgp_bridge_nb_connected")
                .help("1 while the OVN Northbound connection is up, else 0").register(registry);
        configuredPeers = Gauge.builder().name("ovn_bgp_bridge_configured_peers")
                .help("Number of BGP peers in the configuration in force").register(registry);
        routeSyncLag = Histogram.builder().name("ovn_bgp_bridge_route_sync_lag_seconds")
                .help("Time from the arrival of the UPDATE (or session event) that changed a prefix to the commit of "
                        + "the Northbound transaction that carries the change")
                .classicOnly().classicUpperBounds(LATENCY_BUCKETS).register(registry);
        nbTransaction = Histogram.builder().name("ovn_bgp_bridge_nb_transaction_seconds")
                .help("Round trip of the Northbound transactions of the route writer, by outcome")
                .labelNames("outcome").classicOnly().classicUpperBounds(LATENCY_BUCKETS).register(registry);
        rowsOwned = Gauge.builder().name("ovn_bgp_bridge_nb_rows_owned")
                .help("Logical_Router_Static_Route rows with our owner key on the target router").register(registry);
        heldBack = Gauge.builder().name("ovn_bgp_bridge_routes_held_back")
                .help("Loc-RIB prefixes not written to OVN because of ovn.maxRoutes").register(registry);
        repairs = Counter.builder().name("ovn_bgp_bridge_nb_repairs")
                .help("Rows of ours deleted or edited by another writer and restored").register(registry);
        resyncs = Counter.builder().name("ovn_bgp_bridge_nb_resyncs")
                .help("Full Northbound resynchronizations (initial connect, reconnects, leader changes)")
                .register(registry);
        configValid = Gauge.builder().name("ovn_bgp_bridge_config_valid")
                .help("1 when the last configuration read was valid and is in force; 0 after a refused one (the"
                        + " previous configuration keeps running)").register(registry);
        configReloads = Counter.builder().name("ovn_bgp_bridge_config_reloads")
                .help("New configuration versions read, by outcome: applied, unchanged, refused")
                .labelNames("outcome").register(registry);
        for (String outcome : new String[] {"applied", "unchanged", "refused"}) {
            configReloads.labelValues(outcome);
        }
        configValid.set(1);
        nbConnected.set(0);
        rowsOwned.set(0);
        heldBack.set(0);
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

    /** Per-peer series, read from the sessions at scrape time. */
    public void peers(Supplier<Collection<PeerSession>> peers) {
        GaugeWithCallback.builder().name("ovn_bgp_bridge_peer_up")
                .help("1 while the BGP session with the peer is Established").labelNames("peer", "address")
                .callback(cb -> peers.get().forEach(p -> cb.call(p.state() == SessionState.ESTABLISHED ? 1 : 0,
                        p.name(), p.settings().remoteAddress().getHostAddress())))
                .register(registry);
        GaugeWithCallback.builder().name("ovn_bgp_bridge_peer_uptime_seconds")
                .help("Seconds since the session reached Established (0 when it is not)").labelNames("peer")
                .callback(cb -> peers.get().forEach(p -> cb.call(p.uptimeMillis() / 1000.0, p.name())))
                .register(registry);
        CounterWithCallback.builder().name("ovn_bgp_bridge_peer_messages_received")
                .help("BGP messages received from the peer, by type").labelNames("peer", "type")
                .callback(cb -> peers.get().forEach(p -> {
                    for (MessageType t : MessageType.values()) {
                        cb.call(p.counters().in(t), p.name(), t.name().toLowerCase(Locale.ROOT));
                    }
                })).register(registry);
        CounterWithCallback.builder().name("ovn_bgp_bridge_peer_messages_sent")
                .help("BGP messages sent to the peer, by type").labelNames("peer", "type")
                .callback(cb -> peers.get().forEach(p -> {
                    for (MessageType t : MessageType.values()) {
                        cb.call(p.counters().out(t), p.name(), t.name().toLowerCase(Locale.ROOT));
                    }
                })).register(registry);
        CounterWithCallback.builder().name("ovn_bgp_bridge_peer_update_errors")
                .help("Received UPDATEs by RFC 7606 outcome (treat-as-withdraw, attribute-discard, session-reset)")
                .labelNames("peer", "outcome")
                .callback(cb -> peers.get().forEach(p -> {
                    for (PeerCounters.UpdateOutcome o : PeerCounters.UpdateOutcome.values()) {
                        if (o != PeerCounters.UpdateOutcome.ACCEPTED) {
                            cb.call(p.counters().count(o), p.name(),
                                    o.name().toLowerCase(Locale.ROOT).replace('_', '-'));
                        }
                    }
                })).register(registry);
        CounterWithCallback.builder().name("ovn_bgp_bridge_peer_established")
                .help("Times the session with the peer reached Established").labelNames("peer")
                .callback(cb -> peers.get().forEach(p -> cb.call(p.counters().timesEstablished(), p.name())))
                .register(registry);
    }

    /** Originated prefixes per tag (podNetwork, loadBalancerIPs, ...), read at scrape time. */
    public void originated(Supplier<java.util.Map<String, Integer>> countByTag) {
        GaugeWithCallback.builder().name("ovn_bgp_bridge_originated_prefixes")
                .help("Prefixes this node originates, by kind (a prefix of two kinds counts in both)")
                .labelNames("kind")
                .callback(cb -> countByTag.get().forEach((tag, n) -> cb.call(n, tag)))
                .register(registry);
    }

    public void configValid(boolean valid) {
        configValid.set(valid ? 1 : 0);
    }

    /** Counts one configuration version read: {@code applied}, {@code unchanged} or {@code refused}. */
    public void configReload(String outcome) {
        configReloads.labelValues(outcome).inc();
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
