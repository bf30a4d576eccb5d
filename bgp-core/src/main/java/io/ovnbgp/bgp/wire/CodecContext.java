package io.ovnbgp.bgp.wire;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What a session negotiated that changes how its messages look on the wire.
 *
 * @param fourOctetAs     both sides advertised the 4-octet AS capability (RFC 6793): AS_PATH and
 *                        AGGREGATOR carry 4-octet AS numbers, AS4_PATH/AS4_AGGREGATOR are not used
 * @param extendedMessage both sides advertised Extended Message (RFC 8654): messages other than
 *                        OPEN and KEEPALIVE may be up to 65535 octets
 * @param families        the families both sides advertised; informational for the session (the
 *                        codec decodes IPv4/IPv6 unicast NLRI whether negotiated or not)
 * @param externalPeer    the peer is in another AS: RFC 7606 §7.5, §7.9 and §7.10 discard a malformed
 *                        LOCAL_PREF, ORIGINATOR_ID or CLUSTER_LIST from an external peer instead of withdrawing
 */
public record CodecContext(boolean fourOctetAs, boolean extendedMessage, Set<AfiSafi> families, boolean externalPeer) {

    public static final int MAX_MESSAGE_LENGTH = 4096;
    public static final int MAX_EXTENDED_MESSAGE_LENGTH = 65535;

    /** Before OPENs are exchanged nothing is negotiated: 2-octet AS, 4096-octet messages. */
    public static final CodecContext BEFORE_OPEN = new CodecContext(false, false, Set.of(AfiSafi.IPV4_UNICAST));

    public CodecContext {
        families = Set.copyOf(families);
    }

    /** A context that does not know the peer's AS: errors are handled as for an internal peer. */
    public CodecContext(boolean fourOctetAs, boolean extendedMessage, Set<AfiSafi> families) {
        this(fourOctetAs, extendedMessage, families, false);
    }

    /** What two OPENs negotiate: each capability counts only if both sides advertised it. */
    public static CodecContext negotiated(OpenMessage sent, OpenMessage received) {
        boolean fourOctet = sent.has(Capability.FourOctetAs.class) && received.has(Capability.FourOctetAs.class);
        boolean extended = sent.has(Capability.ExtendedMessage.class) && received.has(Capability.ExtendedMessage.class);
        Set<AfiSafi> common = new LinkedHashSet<>(sent.families());
        common.retainAll(received.families());
        return new CodecContext(fourOctet, extended, common, sent.asNumber() != received.asNumber());
    }

    /** The largest UPDATE, NOTIFICATION or ROUTE-REFRESH this session accepts. */
    public int maxMessageLength() {
        return extendedMessage ? MAX_EXTENDED_MESSAGE_LENGTH : MAX_MESSAGE_LENGTH;
    }
}
