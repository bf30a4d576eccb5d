package io.ovnbgp.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.ovnbgp.bgp.wire.AsPath;
import io.ovnbgp.bgp.wire.CodecContext;
import io.ovnbgp.bgp.wire.Communities;
import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.MessageCodec;
import io.ovnbgp.bgp.wire.Origin;
import io.ovnbgp.bgp.wire.PathAttributes;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bgp.wire.UpdateMessage;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * A deterministic IPv4 table shaped like the Internet's: prefix lengths in the proportions of the public
 * table (about 60 % /24, then /22, /23, /20, /21, /19, /16 ...), about ten prefixes per attribute set, AS paths
 * of two to eight hops. Encoded once into UPDATEs (4-octet AS session), so that sending costs no encoding.
 */
public final class InternetLikeTable {
    /** Share of prefixes per length /8../24, roughly the public IPv4 table's (sums to 1000). */
    private static final int[] PER_MILLE_BY_LENGTH = new int[25];

    static {
        PER_MILLE_BY_LENGTH[8] = 1;
        PER_MILLE_BY_LENGTH[12] = 1;
        PER_MILLE_BY_LENGTH[13] = 2;
        PER_MILLE_BY_LENGTH[14] = 4;
        PER_MILLE_BY_LENGTH[15] = 7;
        PER_MILLE_BY_LENGTH[16] = 14;
        PER_MILLE_BY_LENGTH[17] = 9;
        PER_MILLE_BY_LENGTH[18] = 15;
        PER_MILLE_BY_LENGTH[19] = 27;
        PER_MILLE_BY_LENGTH[20] = 45;
        PER_MILLE_BY_LENGTH[21] = 47;
        PER_MILLE_BY_LENGTH[22] = 110;
        PER_MILLE_BY_LENGTH[23] = 100;
        PER_MILLE_BY_LENGTH[24] = 618;
    }

    /** Withdrawn prefixes per UPDATE: at most 5 octets each, so 800 fit in a 4096-octet message. */
    private static final int WITHDRAWN_PER_UPDATE = 800;

    private final List<byte[]> updates;
    private final List<Prefix> all;
    private final int prefixes;
    private final int attributeSets;
    private final long bytes;

    private InternetLikeTable(List<byte[]> updates, List<Prefix> all, int attributeSets, long bytes) {
        this.updates = updates;
        this.all = all;
        this.prefixes = all.size();
        this.attributeSets = attributeSets;
        this.bytes = bytes;
    }

    public List<byte[]> updates() {
        return updates;
    }

    /** The whole table withdrawn, {@value #WITHDRAWN_PER_UPDATE} prefixes an UPDATE, encoded. */
    public List<byte[]> withdrawals() {
        CodecContext ctx = new CodecContext(true, false, Set.of(io.ovnbgp.bgp.wire.AfiSafi.IPV4_UNICAST));
        ByteBuf buf = Unpooled.buffer(4096);
        List<byte[]> out = new ArrayList<>(all.size() / WITHDRAWN_PER_UPDATE + 1);
        for (int i = 0; i < all.size(); i += WITHDRAWN_PER_UPDATE) {
            buf.clear();
            MessageCodec.encode(
                    UpdateMessage.withdraw(all.subList(i, Math.min(all.size(), i + WITHDRAWN_PER_UPDATE))), ctx, buf);
            byte[] wire = new byte[buf.readableBytes()];
            buf.readBytes(wire);
            out.add(wire);
        }
        buf.release();
        return out;
    }

    public int prefixes() {
        return prefixes;
    }

    public int attributeSets() {
        return attributeSets;
    }

    public long bytes() {
        return bytes;
    }

    /**
     * @param senderAs the AS of the feeding peer, first on every path
     * @param nextHop  a non-loopback next hop (GoBGP drops routes with loopback next hops)
     */
    public static InternetLikeTable generate(int count, long senderAs, String nextHop, long seed) {
        Random rnd = new Random(seed);
        int[] lengths = new int[1000];
        int k = 0;
        for (int len = 0; len < PER_MILLE_BY_LENGTH.length; len++) {
            for (int i = 0; i < PER_MILLE_BY_LENGTH[len]; i++) {
                lengths[k++] = len;
            }
        }
        Set<Prefix> seen = new HashSet<>(count * 2);
        List<Prefix> all = new ArrayList<>(count);
        while (all.size() < count) {
            int len = lengths[rnd.nextInt(1000)];
            // first octets 1..223 skipping 10, 127: public unicast-looking space
            int first = 1 + rnd.nextInt(222);
            if (first == 10 || first == 127) {
                continue;
            }
            int addr = (first << 24) | (rnd.nextInt() & 0x00FFFFFF);
            Prefix p = Prefix.ipv4(addr, len);
            if (seen.add(p)) {
                all.add(p);
            }
        }
        IpAddress nh = IpAddress.parse(nextHop);
        List<byte[]> updates = new ArrayList<>(count / 10 + 1);
        long bytes = 0;
        int sets = 0;
        CodecContext ctx = new CodecContext(true, false, Set.of(io.ovnbgp.bgp.wire.AfiSafi.IPV4_UNICAST));
        ByteBuf buf = Unpooled.buffer(4096);
        for (int i = 0; i < all.size(); ) {
            int n = Math.min(all.size() - i, 5 + rnd.nextInt(11)); // 5..15, mean 10
            int hops = 2 + rnd.nextInt(7);
            long[] path = new long[hops];
            path[0] = senderAs;
            for (int h = 1; h < hops; h++) {
                // public ASNs only (1..64495): a private one could be a receiver's own AS, and every receiver
                // rightly drops a path holding its own AS (loop detection)
                path[h] = 1 + rnd.nextInt(64_495);
            }
            PathAttributes.Builder b = PathAttributes.builder()
                    .origin(rnd.nextInt(10) == 0 ? Origin.INCOMPLETE : Origin.IGP)
                    .asPath(AsPath.sequence(path))
                    .nextHop(nh);
            if (rnd.nextBoolean()) {
                b.communities(Communities.of(
                        Communities.community((int) (path[1] & 0xFFFF), rnd.nextInt(1000)),
                        Communities.community((int) (senderAs & 0xFFFF), rnd.nextInt(100))));
            }
            if (rnd.nextInt(4) == 0) {
                b.med(rnd.nextInt(500));
            }
            UpdateMessage u = UpdateMessage.announce(b.build(), all.subList(i, i + n));
            buf.clear();
            MessageCodec.encode(u, ctx, buf);
            byte[] wire = new byte[buf.readableBytes()];
            buf.readBytes(wire);
            updates.add(wire);
            bytes += wire.length;
            sets++;
            i += n;
        }
        buf.release();
        return new InternetLikeTable(updates, all, sets, bytes);
    }
}
