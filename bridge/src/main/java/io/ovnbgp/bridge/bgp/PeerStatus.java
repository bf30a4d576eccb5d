package io.ovnbgp.bridge.bgp;

import io.ovnbgp.bgp.fsm.Negotiated;
import io.ovnbgp.bgp.fsm.PeerSession;
import io.ovnbgp.bgp.wire.MessageType;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** One peer as {@code /status} shows it: what an administrator checks first on a router. */
public final class PeerStatus {
    private PeerStatus() {}

    public static Map<String, Object> of(PeerSession p, io.ovnbgp.bgp.rib.PeerRibStats rib) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", p.name());
        m.put("address", p.settings().remoteAddress().getHostAddress());
        m.put("port", p.settings().remotePort());
        m.put("asn", p.settings().remoteAs());
        m.put("state", p.state().toString());
        m.put("uptimeSeconds", p.uptimeMillis() / 1000);
        // a router's Up/Down column: how long in Established, or how long out of it (since start if never up)
        m.put("upDownSeconds", Math.max(0, System.currentTimeMillis() - p.upDownSinceMillis()) / 1000);
        m.put("timesEstablished", p.counters().timesEstablished());
        m.put("lastError", p.lastError().orElse(null));
        p.negotiated().ifPresent(n -> m.put("negotiated", negotiated(n)));
        if (rib != null) {
            Map<String, Object> prefixes = new LinkedHashMap<>();
            prefixes.put("received", rib.received());
            prefixes.put("accepted", rib.accepted());
            prefixes.put("rejected", rib.rejected());
            prefixes.put("loopRejected", rib.loopRejected());
            prefixes.put("nextHopRejected", rib.nextHopRejected());
            prefixes.put("advertised", rib.advertised());
            prefixes.put("stale", rib.stale());
            prefixes.put("maxPrefixTeardowns", rib.teardowns());
            m.put("prefixes", prefixes);
        }
        Map<String, Long> in = new LinkedHashMap<>();
        Map<String, Long> out = new LinkedHashMap<>();
        for (MessageType t : MessageType.values()) {
            in.put(t.name().toLowerCase(Locale.ROOT), p.counters().in(t));
            out.put(t.name().toLowerCase(Locale.ROOT), p.counters().out(t));
        }
        m.put("messagesReceived", in);
        m.put("messagesSent", out);
        return m;
    }

    private static Map<String, Object> negotiated(Negotiated n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("remoteRouterID", n.remoteIdText());
        m.put(
                "localAddress",
                n.localAddress().getAddress().getHostAddress() + ":"
                        + n.localAddress().getPort());
        m.put("holdTimeSeconds", n.holdTimeSeconds());
        m.put("keepaliveSeconds", n.keepaliveSeconds());
        m.put("families", n.families().stream().map(Object::toString).sorted().toList());
        m.put("fourOctetAS", n.fourOctetAs());
        m.put("routeRefresh", n.routeRefresh());
        m.put("enhancedRouteRefresh", n.enhancedRouteRefresh());
        m.put("extendedMessage", n.extendedMessage());
        m.put(
                "peerGracefulRestartSeconds",
                n.peerGracefulRestart().map(g -> g.restartTimeSeconds()).orElse(null));
        return m;
    }
}
