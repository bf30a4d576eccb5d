package io.ovnbgp.bridge.metrics;

import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.OutputStream;

/** The daemon's Prometheus registry: its own series under {@code ovn_bgp_bridge_}, and the JVM's. */
public final class BridgeMetrics {
    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final PrometheusTextFormatWriter writer = PrometheusTextFormatWriter.create();
    private final Gauge nbConnected;
    private final Gauge configuredPeers;

    public BridgeMetrics(String nodeName, String version) {
        JvmMetrics.builder().register(registry);
        Info.builder().name("ovn_bgp_bridge_build_info").help("Version of the running daemon and the node it serves")
                .labelNames("version", "node").register(registry).addLabelValues(version, nodeName);
        nbConnected = Gauge.builder().name("ovn_bgp_bridge_nb_connected")
                .help("1 while the OVN Northbound connection is up, else 0").register(registry);
        configuredPeers = Gauge.builder().name("ovn_bgp_bridge_configured_peers")
                .help("Number of BGP peers in the configuration in force").register(registry);
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
