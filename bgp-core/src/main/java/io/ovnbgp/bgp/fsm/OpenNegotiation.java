package io.ovnbgp.bgp.fsm;

import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.BgpDecodeException;
import io.ovnbgp.bgp.wire.Capability;
import io.ovnbgp.bgp.wire.ErrorSubcode;
import io.ovnbgp.bgp.wire.OpenMessage;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Builds our OPEN for a peer and checks the peer's against it (RFC 4271 §6.2, RFC 5492, RFC 6793). */
public final class OpenNegotiation {
    private OpenNegotiation() {}

    /** Our OPEN: the capabilities we support, for the families configured. */
    public static OpenMessage localOpen(PeerSettings s) {
        List<Capability> caps = new ArrayList<>();
        for (AfiSafi f : s.families()) {
            caps.add(new Capability.Multiprotocol(f));
        }
        caps.add(new Capability.RouteRefresh());
        caps.add(new Capability.EnhancedRouteRefresh());
        caps.add(new Capability.FourOctetAs(s.localAs()));
        // RFC 8654: UPDATEs up to 65535 octets when both sides say so (fewer messages for a full table)
        caps.add(new Capability.ExtendedMessage());
        if (s.gracefulRestart() != null) {
            // We keep no forwarding state of our own across a restart (OVN keeps the rows, not us): F bits off.
            List<Capability.GrFamily> fams = s.families().stream()
                    .map(f -> new Capability.GrFamily(f, false))
                    .toList();
            int t = (int) Math.min(
                    Capability.GracefulRestart.MAX_RESTART_TIME,
                    s.gracefulRestart().toSeconds());
            caps.add(new Capability.GracefulRestart(false, false, t, fams));
        }
        return OpenMessage.of(s.localAs(), s.holdTimeSeconds(), s.routerId(), caps);
    }

    /**
     * Checks the peer's OPEN and returns what the session agrees on, or throws the NOTIFICATION to send.
     */
    public static Negotiated negotiate(
            PeerSettings s, OpenMessage sent, OpenMessage received, InetSocketAddress local, InetSocketAddress remote)
            throws BgpDecodeException {
        if (received.version() != OpenMessage.BGP_VERSION) {
            throw new BgpDecodeException(
                    ErrorSubcode.UNSUPPORTED_VERSION_NUMBER,
                    new byte[] {0, 4},
                    "peer speaks version " + received.version() + ", we speak 4");
        }
        long remoteAs = received.asNumber();
        if (remoteAs != s.remoteAs()) {
            byte[] data = received.has(Capability.FourOctetAs.class)
                    ? new byte[] {
                        (byte) (remoteAs >>> 24), (byte) (remoteAs >>> 16), (byte) (remoteAs >>> 8), (byte) remoteAs
                    }
                    : new byte[] {(byte) (received.myAs16() >>> 8), (byte) received.myAs16()};
            throw new BgpDecodeException(
                    ErrorSubcode.BAD_PEER_AS,
                    data,
                    "peer " + s.name() + " says AS " + remoteAs + ", configured " + s.remoteAs());
        }
        int id = received.bgpIdentifier();
        if (id == 0 || (!s.isEbgp() && id == s.routerId())) {
            throw new BgpDecodeException(
                    ErrorSubcode.BAD_BGP_IDENTIFIER,
                    "BGP Identifier " + received.bgpIdentifierText() + (id == 0 ? " is zero" : " is our own"));
        }
        int peerHold = received.holdTime();
        if (peerHold == 1 || peerHold == 2) {
            throw new BgpDecodeException(ErrorSubcode.UNACCEPTABLE_HOLD_TIME, "hold time " + peerHold + " s");
        }
        int hold = Math.min(peerHold, s.holdTimeSeconds());
        // RFC 4271 §10: keepalive a third of the hold time unless configured shorter
        int keepalive = hold == 0 ? 0 : Math.max(1, Math.min(s.keepaliveSeconds(), hold / 3));
        Set<AfiSafi> families = new LinkedHashSet<>(sent.families());
        families.retainAll(received.families());
        boolean fourOctet = sent.has(Capability.FourOctetAs.class) && received.has(Capability.FourOctetAs.class);
        boolean extended = sent.has(Capability.ExtendedMessage.class) && received.has(Capability.ExtendedMessage.class);
        boolean rr = received.has(Capability.RouteRefresh.class);
        boolean err = received.has(Capability.EnhancedRouteRefresh.class);
        return new Negotiated(
                remoteAs,
                id,
                hold,
                keepalive,
                fourOctet,
                extended,
                Set.copyOf(families),
                rr,
                err,
                received.capability(Capability.GracefulRestart.class),
                local,
                remote,
                sent,
                received);
    }
}
