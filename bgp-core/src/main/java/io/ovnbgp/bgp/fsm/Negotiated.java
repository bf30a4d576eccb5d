package io.ovnbgp.bgp.fsm;

import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.Capability;
import io.ovnbgp.bgp.wire.CodecContext;
import io.ovnbgp.bgp.wire.OpenMessage;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.Set;

/** What one established session agreed on, from the two OPENs (RFC 4271 §4.2, RFC 5492). */
public record Negotiated(
        long remoteAs,
        int remoteId,
        int holdTimeSeconds,
        int keepaliveSeconds,
        boolean fourOctetAs,
        boolean extendedMessage,
        Set<AfiSafi> families,
        boolean routeRefresh,
        boolean enhancedRouteRefresh,
        Optional<Capability.GracefulRestart> peerGracefulRestart,
        InetSocketAddress localAddress,
        InetSocketAddress remoteAddress,
        OpenMessage sentOpen,
        OpenMessage receivedOpen) {

    public CodecContext codecContext() {
        return new CodecContext(fourOctetAs, extendedMessage, families, sentOpen.asNumber() != remoteAs);
    }

    /**
     * Both sides sent the Graceful Restart capability (RFC 4724 §3), ours listing our families: the peer then keeps
     * our routes as stale when the connection ends without a NOTIFICATION.
     */
    public boolean gracefulRestartBothWays() {
        return peerGracefulRestart.isPresent()
                && sentOpen.capability(Capability.GracefulRestart.class)
                        .map(gr -> !gr.families().isEmpty())
                        .orElse(false);
    }

    public String remoteIdText() {
        return receivedOpen.bgpIdentifierText();
    }
}
