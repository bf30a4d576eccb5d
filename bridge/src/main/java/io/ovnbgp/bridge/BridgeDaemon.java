package io.ovnbgp.bridge;

import com.google.common.net.InetAddresses;
import io.ovnbgp.bgp.fsm.PeerSession;
import io.ovnbgp.bgp.fsm.SessionEvent;
import io.ovnbgp.bgp.rib.PeerRibStats;
import io.ovnbgp.bgp.rib.Rib;
import io.ovnbgp.bgp.rib.RibPeer;
import io.ovnbgp.bgp.rib.RibSettings;
import io.ovnbgp.bgp.transport.BgpSpeaker;
import io.ovnbgp.bridge.bgp.RibConfigFactory;
import io.ovnbgp.bridge.bgp.PeerSettingsFactory;
import io.ovnbgp.bridge.bgp.PeerStatus;
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
    private final BgpSpeaker speaker;
    private final Rib rib;
    private final List<PeerSession> peers;

    private BridgeDaemon(BridgeConfig config, BridgeMetrics metrics, NorthboundLink northbound, StatusServer http,
            BgpSpeaker speaker, Rib rib, List<PeerSession> peers) {
        this.config = config;
        this.metrics = metrics;
        this.northbound = northbound;
        this.http = http;
        this.speaker = speaker;
        this.rib = rib;
        this.peers = peers;
    }

    /**
     * Starts every part. A peer whose settings cannot be used (an unreadable password file) fails the start
     * with an {@link IllegalArgumentException} naming its field, before anything is started.
     */
    public static BridgeDaemon start(BridgeConfig config) throws IOException, InterruptedException {
        var peerSettings = new java.util.ArrayList<io.ovnbgp.bgp.fsm.PeerSettings>();
        for (int i = 0; i < config.peers().size(); i++) {
            peerSettings.add(PeerSettingsFactory.from(config, i));
        }
        BridgeMetrics metrics = new BridgeMetrics(config.nodeName(), Version.get());
        metrics.configuredPeers(config.peers().size());
        int routerId = InetAddresses.coerceToInteger(InetAddresses.forString(config.routerID()));
        Rib rib = new Rib(RibSettings.of(config.localASN(), routerId));
        BgpSpeaker speaker = BgpSpeaker.start(InetAddresses.forString(config.listen().address()),
                config.listen().port());
        List<PeerSession> sessions = new java.util.ArrayList<>();
        for (int i = 0; i < peerSettings.size(); i++) {
            RibPeer ribPeer = rib.attach(peerSettings.get(i).name(), RibConfigFactory.from(config.peers().get(i)));
            sessions.add(speaker.addPeer(peerSettings.get(i), (peer, e) -> {
                logSessionEvent(peer, e);
                ribPeer.onEvent(peer, e);
            }));
        }
        metrics.peers(() -> sessions);
        NorthboundLink nb = new NorthboundLink(OvsdbRemote.parseList(config.ovn().northbound()), metrics::nbConnected);
        BridgeDaemon[] self = new BridgeDaemon[1];
        StatusServer http = new StatusServer(config.metrics().address(), config.metrics().port(), metrics,
                nb::isConnected, () -> self[0].status());
        self[0] = new BridgeDaemon(config, metrics, nb, http, speaker, rib, List.copyOf(sessions));
        nb.start();
        sessions.forEach(PeerSession::start);
        LOG.info("ovn-bgp-bridge {} for node {} (AS {}, router ID {}): status on http://{}:{}/status",
                Version.get(), config.nodeName(), config.localASN(), config.routerID(),
                config.metrics().address(), http.port());
        return self[0];
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
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("node", config.nodeName());
        s.put("version", Version.get());
        s.put("localASN", config.localASN());
        s.put("routerID", config.routerID());
        s.put("ovnRouter", config.ovn().routerFor(config.nodeName()));
        s.put("northbound", northbound.state());
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

    @Override
    public void close() {
        speaker.close();
        rib.close();
        http.close();
        northbound.close();
    }
}
