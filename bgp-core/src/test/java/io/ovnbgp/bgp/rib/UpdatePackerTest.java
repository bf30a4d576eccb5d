package io.ovnbgp.bgp.rib;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.AsPath;
import io.ovnbgp.bgp.wire.CodecContext;
import io.ovnbgp.bgp.wire.Communities;
import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.MessageCodec;
import io.ovnbgp.bgp.wire.MpNextHop;
import io.ovnbgp.bgp.wire.Origin;
import io.ovnbgp.bgp.wire.PathAttributes;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bgp.wire.UpdateMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Packing checked against the codec itself: every UPDATE encodes within the limit and no UPDATE but the last could take one more prefix. */
class UpdatePackerTest {
    private static final Set<AfiSafi> BOTH = Set.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST);

    private static CodecContext ctx(boolean fourOctet, boolean extended) {
        return new CodecContext(fourOctet, extended, BOTH);
    }

    private static PathAttributes attrs(boolean v6) {
        PathAttributes.Builder b = PathAttributes.builder()
                .origin(Origin.IGP)
                .asPath(AsPath.sequence(4_200_000_001L, 65001, 65002))
                .communities(Communities.of(Communities.community(65001, 100), Communities.community(65001, 200)));
        return v6
                ? b.mpNextHop(MpNextHop.of(IpAddress.parse("2001:db8::1"))).build()
                : b.nextHop(IpAddress.parse("192.0.2.1")).build();
    }

    /** Encodes with the session's limit; -1 when the message does not fit. */
    private static int encoded(UpdateMessage m, CodecContext c) {
        ByteBuf buf = Unpooled.buffer();
        try {
            MessageCodec.encode(m, c, buf);
            assertThat(MessageCodec.decode(buf, c)).isEqualTo(m);
            return buf.readableBytes();
        } catch (IllegalArgumentException e) {
            return -1;
        } catch (io.ovnbgp.bgp.wire.BgpDecodeException e) {
            throw new AssertionError(e);
        } finally {
            buf.release();
        }
    }

    private static List<Prefix> prefixes(boolean v6, int n, int len, long seed) {
        Random r = new Random(seed);
        List<Prefix> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int l = len > 0 ? len : (v6 ? 16 + r.nextInt(113) : 8 + r.nextInt(25));
            out.add(
                    v6
                            ? Prefix.ipv6(0x20010db800000000L | ((long) i << 16), r.nextLong(), l)
                            : Prefix.ipv4((i << 10) ^ r.nextInt(1 << 10), l));
        }
        return out;
    }

    @ParameterizedTest(name = "{0} prefixes, v6={1}, /{2}, 4-octet={3}, extended={4}")
    @CsvSource({
        "2000, false, 24, true, false",
        "2000, false, 24, false, false", // AS4_PATH counted on a 2-octet session
        "1500, true, 48, true, false",
        "40000, false, 24, true, true",
        "30000, true, 64, true, true",
        "3000, false, 0, true, false", // mixed lengths
        "3000, true, 0, true, false",
        "1, false, 32, true, false",
    })
    void announcementsFillEachUpdateToTheMaximumSize(int n, boolean v6, int len, boolean fourOctet, boolean ext) {
        CodecContext c = ctx(fourOctet, ext);
        PathAttributes a = attrs(v6);
        AfiSafi family = v6 ? AfiSafi.IPV6_UNICAST : AfiSafi.IPV4_UNICAST;
        List<Prefix> in = prefixes(v6, n, len, n);
        List<UpdateMessage> out = UpdatePacker.announce(family, a, in, c);

        List<Prefix> all = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            UpdateMessage m = out.get(i);
            assertThat(m.attributes()).isSameAs(a);
            assertThat(encoded(m, c)).isBetween(1, c.maxMessageLength());
            List<Prefix> ps = m.allAnnounced();
            assertThat(v6 ? m.nlri().isEmpty() : m.mpReach().isEmpty()).isTrue();
            if (i < out.size() - 1) {
                List<Prefix> more = new ArrayList<>(ps);
                more.add(in.get(all.size() + ps.size()));
                UpdateMessage bigger = v6 ? UpdateMessage.mpAnnounce(family, a, more) : UpdateMessage.announce(a, more);
                assertThat(encoded(bigger, c))
                        .as("UPDATE %d could take one more prefix", i)
                        .isEqualTo(-1);
            }
            all.addAll(ps);
        }
        assertThat(all).isEqualTo(in);
        if (len > 0) {
            // uniform prefixes: exactly ceil(N / fit) UPDATEs, where fit is what one UPDATE holds
            int fit = out.get(0).allAnnounced().size();
            assertThat(out).hasSize((n + fit - 1) / fit);
        }
    }

    @ParameterizedTest(name = "withdraw {0} prefixes, v6={1}")
    @CsvSource({"3000, false", "3000, true", "200, true"})
    void withdrawalsArePackedToo(int n, boolean v6) {
        CodecContext c = ctx(true, false);
        AfiSafi family = v6 ? AfiSafi.IPV6_UNICAST : AfiSafi.IPV4_UNICAST;
        List<Prefix> in = prefixes(v6, n, 0, 7);
        List<UpdateMessage> out = UpdatePacker.withdraw(family, in, c);
        List<Prefix> all = new ArrayList<>();
        for (int i = 0; i < out.size(); i++) {
            UpdateMessage m = out.get(i);
            assertThat(encoded(m, c)).isBetween(1, 4096);
            assertThat(m.endOfRib()).isEmpty();
            if (i < out.size() - 1) {
                List<Prefix> more = new ArrayList<>(m.allWithdrawn());
                more.add(in.get(all.size() + more.size()));
                UpdateMessage bigger = v6 ? UpdateMessage.mpWithdraw(family, more) : UpdateMessage.withdraw(more);
                assertThat(encoded(bigger, c)).isEqualTo(-1);
            }
            all.addAll(m.allWithdrawn());
        }
        assertThat(all).isEqualTo(in);
    }

    @org.junit.jupiter.api.Test
    void nothingToPackGivesNoUpdate() {
        assertThat(UpdatePacker.announce(AfiSafi.IPV4_UNICAST, attrs(false), List.of(), ctx(true, false)))
                .isEmpty();
        assertThat(UpdatePacker.withdraw(AfiSafi.IPV6_UNICAST, List.of(), ctx(true, false)))
                .isEmpty();
        assertThatThrownBy(() -> UpdatePacker.announce(
                        AfiSafi.IPV4_UNICAST,
                        PathAttributes.builder()
                                .origin(Origin.IGP)
                                .nextHop(IpAddress.parse("192.0.2.1"))
                                .communities(Communities.of(new int[1100]))
                                .build(),
                        prefixes(false, 1, 24, 1),
                        ctx(true, false)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
