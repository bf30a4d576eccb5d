package io.ovnbgp.bgp.wire;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * OPEN (RFC 4271 §4.2) with its capabilities (RFC 5492). The only Optional Parameter BGP still
 * uses is Capabilities, so the parameters are flattened into one capability list; the grouping as
 * received is kept in {@link #layout()}, which is not part of the value.
 */
public record OpenMessage(
        int version, int myAs16, int holdTime, int bgpIdentifier, List<Capability> capabilities, OpenLayout layout)
        implements BgpMessage {

    public static final int BGP_VERSION = 4;
    /** RFC 6793: what a 4-octet AS speaker puts in My Autonomous System when its AS needs 4 octets. */
    public static final int AS_TRANS = 23456;

    public OpenMessage {
        if (version < 0 || version > 255) {
            throw new IllegalArgumentException("version is one octet");
        }
        if (myAs16 < 0 || myAs16 > 0xFFFF) {
            throw new IllegalArgumentException("My Autonomous System is 2 octets: " + myAs16);
        }
        if (holdTime < 0 || holdTime > 0xFFFF) {
            throw new IllegalArgumentException("Hold Time is 2 octets: " + holdTime);
        }
        capabilities = List.copyOf(capabilities);
    }

    public OpenMessage(int version, int myAs16, int holdTime, int bgpIdentifier, List<Capability> capabilities) {
        this(version, myAs16, holdTime, bgpIdentifier, capabilities, null);
    }

    /** A version-4 OPEN for this AS, with AS_TRANS in the 2-octet field when the AS needs 4 octets. */
    public static OpenMessage of(long localAs, int holdTime, int bgpIdentifier, List<Capability> capabilities) {
        int as16 = localAs <= 0xFFFF ? (int) localAs : AS_TRANS;
        return new OpenMessage(BGP_VERSION, as16, holdTime, bgpIdentifier, capabilities);
    }

    @Override
    public MessageType type() {
        return MessageType.OPEN;
    }

    /** The speaker's AS: the 4-octet AS capability's value when present (RFC 6793 §4.1), else My Autonomous System. */
    public long asNumber() {
        return capability(Capability.FourOctetAs.class)
                .map(Capability.FourOctetAs::as)
                .orElse((long) myAs16);
    }

    /** The first capability of this kind, if advertised. */
    public <T extends Capability> Optional<T> capability(Class<T> kind) {
        for (Capability c : capabilities) {
            if (kind.isInstance(c)) {
                return Optional.of(kind.cast(c));
            }
        }
        return Optional.empty();
    }

    public boolean has(Class<? extends Capability> kind) {
        return capability(kind).isPresent();
    }

    /**
     * The families advertised with Multiprotocol capabilities; a speaker that advertises none
     * implicitly speaks IPv4 unicast only (RFC 4760 §8, RFC 5492 §3).
     */
    public Set<AfiSafi> families() {
        Set<AfiSafi> out = new LinkedHashSet<>();
        for (Capability c : capabilities) {
            if (c instanceof Capability.Multiprotocol mp) {
                out.add(mp.family());
            }
        }
        return out.isEmpty() ? Set.of(AfiSafi.IPV4_UNICAST) : out;
    }

    /** The BGP Identifier as dotted quad. */
    public String bgpIdentifierText() {
        return AddressText.formatV4(bgpIdentifier);
    }

    /** The Optional Parameters grouping is wire layout, not meaning: it does not take part in equality. */
    @Override
    public boolean equals(Object o) {
        return o instanceof OpenMessage m
                && m.version == version
                && m.myAs16 == myAs16
                && m.holdTime == holdTime
                && m.bgpIdentifier == bgpIdentifier
                && m.capabilities.equals(capabilities);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, myAs16, holdTime, bgpIdentifier, capabilities);
    }

    @Override
    public String toString() {
        return "OPEN[version=" + version + ", as=" + asNumber() + ", holdTime=" + holdTime + ", id="
                + bgpIdentifierText() + ", capabilities=" + capabilities + "]";
    }
}
