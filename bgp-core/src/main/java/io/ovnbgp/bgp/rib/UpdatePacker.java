package io.ovnbgp.bgp.rib;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.CodecContext;
import io.ovnbgp.bgp.wire.MessageCodec;
import io.ovnbgp.bgp.wire.PathAttributes;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bgp.wire.UpdateMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Packs prefixes into as few UPDATEs as the session's maximum message size allows (4096 octets, 65535 with
 * RFC 8654 Extended Message): IPv4 unicast in the classic fields, other families in MP_REACH_NLRI /
 * MP_UNREACH_NLRI. The size of the attributes is measured by encoding them once with the session's context, so
 * that AS4_PATH on 2-octet sessions and the like are counted exactly.
 */
final class UpdatePacker {
    /** MP_REACH / MP_UNREACH values up to this length have a one-octet length field (RFC 4271 §4.3). */
    private static final int SHORT_ATTRIBUTE = 255;

    private UpdatePacker() {}

    static List<UpdateMessage> announce(AfiSafi family, PathAttributes attrs, List<Prefix> prefixes, CodecContext ctx) {
        if (prefixes.isEmpty()) {
            return List.of();
        }
        boolean classic = family.equals(AfiSafi.IPV4_UNICAST) && attrs.nextHop().isPresent();
        int base = encodedLength(
                classic ? UpdateMessage.announce(attrs, List.of()) : UpdateMessage.mpAnnounce(family, attrs, List.of()),
                ctx);
        int mpValue = classic ? -1 : 5 + attrs.mpNextHop().orElseThrow().wireLength();
        List<UpdateMessage> out = new ArrayList<>();
        for (List<Prefix> chunk : chunks(prefixes, base, mpValue, ctx.maxMessageLength())) {
            out.add(classic ? UpdateMessage.announce(attrs, chunk) : UpdateMessage.mpAnnounce(family, attrs, chunk));
        }
        return out;
    }

    static List<UpdateMessage> withdraw(AfiSafi family, List<Prefix> prefixes, CodecContext ctx) {
        if (prefixes.isEmpty()) {
            return List.of();
        }
        boolean classic = family.equals(AfiSafi.IPV4_UNICAST);
        int base = encodedLength(
                classic ? UpdateMessage.withdraw(List.of()) : UpdateMessage.mpWithdraw(family, List.of()), ctx);
        List<UpdateMessage> out = new ArrayList<>();
        for (List<Prefix> chunk : chunks(prefixes, base, classic ? -1 : 3, ctx.maxMessageLength())) {
            out.add(classic ? UpdateMessage.withdraw(chunk) : UpdateMessage.mpWithdraw(family, chunk));
        }
        return out;
    }

    /**
     * Greedy split: each chunk as long as it fits. {@code mpValue} is the MP attribute's value length without
     * prefixes (its length field grows by one octet past 255), or -1 for the classic fields.
     */
    private static List<List<Prefix>> chunks(List<Prefix> prefixes, int base, int mpValue, int max) {
        List<List<Prefix>> out = new ArrayList<>();
        List<Prefix> cur = new ArrayList<>();
        int nlri = 0;
        for (Prefix p : prefixes) {
            int bytes = 1 + ((p.length() + 7) >>> 3);
            if (!cur.isEmpty() && size(base, mpValue, nlri + bytes) > max) {
                out.add(List.copyOf(cur));
                cur.clear();
                nlri = 0;
            }
            if (size(base, mpValue, bytes) > max) {
                throw new IllegalArgumentException("attributes of " + base + " octets leave no room for " + p);
            }
            cur.add(p);
            nlri += bytes;
        }
        if (!cur.isEmpty()) {
            out.add(List.copyOf(cur));
        }
        return out;
    }

    private static int size(int base, int mpValue, int nlri) {
        int extra = mpValue >= 0 && mpValue <= SHORT_ATTRIBUTE && mpValue + nlri > SHORT_ATTRIBUTE ? 1 : 0;
        return base + nlri + extra;
    }

    static int encodedLength(UpdateMessage m, CodecContext ctx) {
        ByteBuf buf = Unpooled.buffer(256);
        try {
            MessageCodec.encode(m, ctx, buf);
            return buf.readableBytes();
        } finally {
            buf.release();
        }
    }
}
