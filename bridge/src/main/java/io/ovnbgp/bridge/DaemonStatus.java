package io.ovnbgp.bridge;

import io.ovnbgp.bgp.rib.PeerRibStats;
import io.ovnbgp.bridge.BridgeDaemon.Bgp;
import io.ovnbgp.bridge.BridgeDaemon.Parts;
import io.ovnbgp.bridge.bgp.BoundedWait;
import io.ovnbgp.bridge.bgp.PeerStatus;
import io.ovnbgp.bridge.config.BridgeConfig;
import io.ovnbgp.bridge.status.OvnRoutesView;
import io.ovnbgp.bridge.status.PrefixView;
import io.ovnbgp.bridge.status.RoutesView;
import io.ovnbgp.ovsdb.nb.NorthboundClient;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** The daemon's JSON pages, {@code /status} and {@code /routes}, over its running parts (HTTP threads). */
final class DaemonStatus {
    private static final Duration RIB_WAIT = Duration.ofSeconds(2);

    private final BridgeConfig config;
    private final Parts parts;

    DaemonStatus(BridgeConfig config, Parts parts) {
        this.config = config;
        this.parts = parts;
    }

    /** The configuration in force and the state of each part; {@code prefix=P} in the query adds P's view. */
    Map<String, Object> status(String query) {
        Bgp bgp = parts.bgp();
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("node", config.nodeName());
        s.put("version", Version.get());
        s.put("localASN", config.localASN());
        s.put("config", parts.reloader().status());
        s.put("routerID", config.routerID());
        s.put("ovnRouter", config.ovn().routerFor(config.nodeName()));
        s.put("northbound", northbound(parts.ovn().northbound()));
        s.put("routes", OvnRoutesView.summary(parts.ovn().reconciler().view()));
        s.put("podNetwork", parts.ovn().podNetwork().view());
        s.put(
                "kubernetes",
                parts.sources() == null
                        ? Map.of("enabled", false)
                        : parts.sources().status());
        s.put("originated", bgp.local().view());
        PrefixView.ofQuery(
                        query,
                        parts.ovn().reconciler().view(),
                        bgp.rib(),
                        bgp.local(),
                        () -> new TreeMap<>(bgp.peers().ribPeers()))
                .ifPresent(route -> s.put("route", route));
        s.put("bgpListenPort", bgp.speaker().listenPort());
        Map<String, PeerRibStats> stats = BoundedWait.orElse(bgp.rib().stats(), RIB_WAIT, Map.of());
        s.put(
                "peers",
                bgp.peers().sessions().stream()
                        .map(p -> PeerStatus.of(p, stats.get(p.name())))
                        .toList());
        return s;
    }

    /** The learned and the originated table, each cut at {@code ?limit=}. */
    Map<String, Object> routes(String query) {
        Bgp bgp = parts.bgp();
        return RoutesView.of(
                query,
                bgp.rib(),
                new TreeMap<>(bgp.peers().ribPeers()),
                parts.ovn().reconciler().view(),
                bgp.local());
    }

    private static Map<String, Object> northbound(NorthboundClient northbound) {
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
        // how the cache follows NB: the method in use, and how often a reconnect needed a full dump or resumed
        NorthboundClient.MonitorStats ms = northbound.monitorStats();
        Map<String, Object> mon = new LinkedHashMap<>();
        mon.put("method", ms.inUse() == null ? null : ms.inUse().text());
        mon.put("fullDumps", ms.fullDumps());
        mon.put("resumes", ms.resumes());
        mon.put("lastTxnId", ms.lastTxnId());
        mon.put("bytesReceived", ms.bytesReceived());
        m.put("monitor", mon);
        return m;
    }
}
