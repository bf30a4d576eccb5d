package io.ovnbgp.bridge;

import io.ovnbgp.bridge.config.BridgeConfig;
import io.ovnbgp.bridge.metrics.BridgeMetrics;
import io.ovnbgp.bridge.ovn.NorthboundLink;
import io.ovnbgp.bridge.status.StatusServer;
import io.ovnbgp.ovsdb.client.OvsdbRemote;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The running daemon: owns the Northbound link and the HTTP status server for one validated configuration. */
public final class BridgeDaemon implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BridgeDaemon.class);

    private final BridgeConfig config;
    private final BridgeMetrics metrics;
    private final NorthboundLink northbound;
    private final StatusServer http;

    private BridgeDaemon(BridgeConfig config, BridgeMetrics metrics, NorthboundLink northbound, StatusServer http) {
        this.config = config;
        this.metrics = metrics;
        this.northbound = northbound;
        this.http = http;
    }

    public static BridgeDaemon start(BridgeConfig config) throws IOException {
        BridgeMetrics metrics = new BridgeMetrics(config.nodeName(), Version.get());
        metrics.configuredPeers(config.peers().size());
        NorthboundLink nb = new NorthboundLink(OvsdbRemote.parseList(config.ovn().northbound()), metrics::nbConnected);
        BridgeDaemon[] self = new BridgeDaemon[1];
        StatusServer http = new StatusServer(config.metrics().address(), config.metrics().port(), metrics,
                nb::isConnected, () -> self[0].status());
        self[0] = new BridgeDaemon(config, metrics, nb, http);
        nb.start();
        LOG.info("ovn-bgp-bridge {} for node {} (AS {}, router ID {}): status on http://{}:{}/status",
                Version.get(), config.nodeName(), config.localASN(), config.routerID(),
                config.metrics().address(), http.port());
        return self[0];
    }

    public int httpPort() {
        return http.port();
    }

    /** What {@code /status} shows: the configuration in force and the state of each part. */
    public Map<String, Object> status() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("node", config.nodeName());
        s.put("version", Version.get());
        s.put("localASN", config.localASN());
        s.put("routerID", config.routerID());
        s.put("ovnRouter", config.ovn().routerFor(config.nodeName()));
        s.put("northbound", northbound.state());
        List<Map<String, Object>> peers = config.peers().stream().map(p -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", p.name());
            m.put("address", p.address());
            m.put("asn", p.asn());
            m.put("families", p.families());
            m.put("receive", p.receive().mode());
            return m;
        }).toList();
        s.put("peers", peers);
        return s;
    }

    @Override
    public void close() {
        http.close();
        northbound.close();
    }
}
