package io.ovnbgp.bgp.wire;

import io.netty.buffer.ByteBuf;

/**
 * Writes an UPDATE body. A decoded UPDATE is written back in its received layout (see
 * {@link WireLayout}); anything else in the canonical one: MP_REACH_NLRI and MP_UNREACH_NLRI
 * first (RFC 7606 §5.1 asks for that so a receiver can find the NLRI even if a later attribute
 * is broken), then by type code, Extended Length only where the value needs it.
 */
final class UpdateEncoder {

    private final UpdateMessage m;
    private final PathAttributes a;
    private final boolean fourOctetAs;
    private final int asSize;
    /** What a 2-octet session carries in AS4_PATH / AS4_AGGREGATOR (RFC 6793 §4.2.2); null when not needed. */
    private final AsPath as4Path;

    private final Aggregator as4Aggregator;
    private int mpReachReserved;

    private UpdateEncoder(UpdateMessage m, CodecContext ctx) {
        this.m = m;
        this.a = m.attributes();
        this.fourOctetAs = ctx.fourOctetAs();
        this.asSize = fourOctetAs ? 4 : 2;
        AsPath path = a.asPath().orElse(null);
        AsPath as4 = null;
        if (!fourOctetAs && path != null && AsPathCodec.needsAs4Path(path)) {
            as4 = AsPathCodec.withoutConfederations(path);
            if (as4.isEmpty()) {
                as4 = null;
            }
        }
        this.as4Path = as4;
        Aggregator agg = a.aggregator().orElse(null);
        this.as4Aggregator = !fourOctetAs && agg != null && agg.as() > 0xFFFF ? agg : null;
    }

    static void encode(UpdateMessage m, CodecContext ctx, ByteBuf out) {
        new UpdateEncoder(m, ctx).write(out, ctx);
    }

    private void write(ByteBuf out, CodecContext ctx) {
        out.writeShort(NlriCodec.length(m.withdrawn()));
        NlriCodec.write(out, m.withdrawn());
        int lengthAt = out.writerIndex();
        out.writeShort(0);
        int start = out.writerIndex();
        WireLayout layout = m.layout();
        if (layout != null && layout.appliesTo(m, ctx)) {
            writeInLayout(out, layout);
        } else {
            writeCanonical(out);
        }
        out.setShort(lengthAt, out.writerIndex() - start);
        NlriCodec.write(out, m.nlri());
    }

    private void writeInLayout(ByteBuf out, WireLayout layout) {
        mpReachReserved = layout.mpReachReserved();
        for (WireLayout.Slot s : layout.slots()) {
            if (s.verbatim() != null) {
                header(out, s.flags(), s.typeCode(), s.verbatim().length);
                out.writeBytes(s.verbatim());
            } else {
                attribute(out, s.flags(), s.typeCode());
            }
        }
    }

    private void writeCanonical(ByteBuf out) {
        int reach = AttributeType.MP_REACH_NLRI.code();
        int unreach = AttributeType.MP_UNREACH_NLRI.code();
        if (m.mpReach().isPresent()) {
            attribute(out, AttributeType.MP_REACH_NLRI.flags(), reach);
        } else if (raw(reach) != null) {
            attribute(out, raw(reach).flags(), reach);
        }
        if (m.mpUnreach().isPresent()) {
            attribute(out, AttributeType.MP_UNREACH_NLRI.flags(), unreach);
        } else if (raw(unreach) != null) {
            attribute(out, raw(unreach).flags(), unreach);
        }
        boolean as4PathDue = as4Path != null;
        boolean as4AggregatorDue = as4Aggregator != null;
        for (PathAttribute p : a.toList()) {
            int type = p.typeCode();
            if (type == reach || type == unreach) {
                continue;
            }
            if (as4PathDue && type > AttributeType.AS4_PATH.code()) {
                attribute(out, AttributeType.AS4_PATH.flags(), AttributeType.AS4_PATH.code());
                as4PathDue = false;
            }
            if (as4AggregatorDue && type > AttributeType.AS4_AGGREGATOR.code()) {
                attribute(out, AttributeType.AS4_AGGREGATOR.flags(), AttributeType.AS4_AGGREGATOR.code());
                as4AggregatorDue = false;
            }
            attribute(out, canonicalFlags(p), type);
        }
        if (as4PathDue) {
            attribute(out, AttributeType.AS4_PATH.flags(), AttributeType.AS4_PATH.code());
        }
        if (as4AggregatorDue) {
            attribute(out, AttributeType.AS4_AGGREGATOR.flags(), AttributeType.AS4_AGGREGATOR.code());
        }
    }

    private static int canonicalFlags(PathAttribute p) {
        if (p instanceof RawAttribute r) {
            return r.flags();
        }
        return AttributeType.ofCode(p.typeCode()).flags();
    }

    private void header(ByteBuf out, int flags, int type, int length) {
        boolean extended = (flags & AttributeType.EXTENDED_LENGTH) != 0 || length > 0xFF;
        out.writeByte(extended ? flags | AttributeType.EXTENDED_LENGTH : flags);
        out.writeByte(type);
        if (extended) {
            out.writeShort(length);
        } else {
            out.writeByte(length);
        }
    }

    private void attribute(ByteBuf out, int flags, int type) {
        int length = valueLength(type);
        header(out, flags, type, length);
        writeValue(out, type);
    }

    private RawAttribute raw(int type) {
        for (RawAttribute r : a.unknown()) {
            if (r.typeCode() == type) {
                return r;
            }
        }
        return null;
    }

    private int valueLength(int type) {
        AttributeType t = AttributeType.ofCode(type);
        if (t == null) {
            return raw(type).length();
        }
        return switch (t) {
            case ORIGIN -> 1;
            case AS_PATH -> AsPathCodec.length(a.asPath().orElseThrow(), asSize);
            case NEXT_HOP, MULTI_EXIT_DISC, LOCAL_PREF -> 4;
            case ATOMIC_AGGREGATE -> 0;
            case AGGREGATOR -> asSize + 4;
            case COMMUNITIES -> 4 * a.communities().size();
            case EXTENDED_COMMUNITIES -> 8 * a.extendedCommunities().size();
            case LARGE_COMMUNITY -> 12 * a.largeCommunities().size();
            case AS4_PATH -> AsPathCodec.length(as4Path, 4);
            case AS4_AGGREGATOR -> 8;
            case MP_REACH_NLRI ->
                m.mpReach().isPresent()
                        ? 5
                                + a.mpNextHop().orElseThrow().wireLength()
                                + NlriCodec.length(m.mpReach().get().prefixes())
                        : raw(type).length();
            case MP_UNREACH_NLRI ->
                m.mpUnreach().isPresent()
                        ? 3 + NlriCodec.length(m.mpUnreach().get().prefixes())
                        : raw(type).length();
            case ORIGINATOR_ID, CLUSTER_LIST -> raw(type).length();
        };
    }

    private void writeValue(ByteBuf out, int type) {
        AttributeType t = AttributeType.ofCode(type);
        if (t == null) {
            raw(type).writeValue(out);
            return;
        }
        switch (t) {
            case ORIGIN -> out.writeByte(a.origin().orElseThrow().value());
            case AS_PATH -> AsPathCodec.write(out, a.asPath().orElseThrow(), asSize);
            case NEXT_HOP -> out.writeInt(a.nextHop().orElseThrow().v4Bits());
            case MULTI_EXIT_DISC -> out.writeInt((int) a.med().orElseThrow());
            case LOCAL_PREF -> out.writeInt((int) a.localPref().orElseThrow());
            case ATOMIC_AGGREGATE -> {}
            case AGGREGATOR -> writeAggregator(out);
            case COMMUNITIES -> {
                Communities c = a.communities();
                for (int i = 0; i < c.size(); i++) {
                    out.writeInt(c.get(i));
                }
            }
            case EXTENDED_COMMUNITIES -> {
                ExtendedCommunities c = a.extendedCommunities();
                for (int i = 0; i < c.size(); i++) {
                    out.writeLong(c.get(i));
                }
            }
            case LARGE_COMMUNITY -> {
                LargeCommunities c = a.largeCommunities();
                for (int i = 0; i < c.size(); i++) {
                    out.writeInt((int) c.globalAdministrator(i));
                    out.writeInt((int) c.localData1(i));
                    out.writeInt((int) c.localData2(i));
                }
            }
            case AS4_PATH -> AsPathCodec.write(out, as4Path, 4);
            case AS4_AGGREGATOR -> {
                out.writeInt((int) as4Aggregator.as());
                out.writeInt(as4Aggregator.address().v4Bits());
            }
            case MP_REACH_NLRI -> writeMpReach(out);
            case MP_UNREACH_NLRI -> writeMpUnreach(out);
            case ORIGINATOR_ID, CLUSTER_LIST -> raw(type).writeValue(out);
        }
    }

    private void writeAggregator(ByteBuf out) {
        Aggregator agg = a.aggregator().orElseThrow();
        if (fourOctetAs) {
            out.writeInt((int) agg.as());
        } else {
            out.writeShort(agg.as() > 0xFFFF ? AsPath.AS_TRANS : (int) agg.as());
        }
        out.writeInt(agg.address().v4Bits());
    }

    private void writeMpReach(ByteBuf out) {
        if (m.mpReach().isEmpty()) {
            raw(AttributeType.MP_REACH_NLRI.code()).writeValue(out);
            return;
        }
        MpNlri reach = m.mpReach().get();
        MpNextHop nh = a.mpNextHop().orElseThrow();
        out.writeShort(reach.family().afi());
        out.writeByte(reach.family().safi());
        out.writeByte(nh.wireLength());
        writeAddress(out, nh.global());
        if (nh.linkLocal() != null) {
            writeAddress(out, nh.linkLocal());
        }
        out.writeByte(mpReachReserved);
        NlriCodec.write(out, reach.prefixes());
    }

    private void writeMpUnreach(ByteBuf out) {
        if (m.mpUnreach().isEmpty()) {
            raw(AttributeType.MP_UNREACH_NLRI.code()).writeValue(out);
            return;
        }
        MpNlri unreach = m.mpUnreach().get();
        out.writeShort(unreach.family().afi());
        out.writeByte(unreach.family().safi());
        NlriCodec.write(out, unreach.prefixes());
    }

    private static void writeAddress(ByteBuf out, IpAddress address) {
        if (address.v6()) {
            out.writeLong(address.hi());
            out.writeLong(address.lo());
        } else {
            out.writeInt(address.v4Bits());
        }
    }
}
