package io.ovnbgp.bgp.wire;

import static io.ovnbgp.bgp.wire.Wire.decode;
import static io.ovnbgp.bgp.wire.Wire.encode;
import static io.ovnbgp.bgp.wire.Wire.hex;
import static io.ovnbgp.bgp.wire.Wire.roundTrip;
import static io.ovnbgp.bgp.wire.Wire.update;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class UpdateMessageCodecTest {

    private static Prefix p(String s) {
        return Prefix.parse(s);
    }

    @Test
    void frrIpv6UpdateRoundTripsWithGlobalAndLinkLocalNextHop() throws Exception {
        UpdateMessage u = roundTrip(Vectors.UPDATE_FRR_IPV6, Wire.FOUR_OCTET, UpdateMessage.class);
        PathAttributes a = u.attributes();

        assertThat(u.errorAction()).isEqualTo(UpdateErrorAction.NONE);
        assertThat(u.mpReach())
                .contains(new MpNlri(AfiSafi.IPV6_UNICAST, List.of(p("2001:db8:1:2::/64"), p("2001:db8:ab::/48"))));
        assertThat(u.nlri()).isEmpty();
        assertThat(a.mpNextHop()).contains(new MpNextHop(IpAddress.parse("2001:db8::1"), IpAddress.parse("fe80::1")));
        assertThat(a.mpNextHop().orElseThrow().linkLocal().isIpv6LinkLocal()).isTrue();
        assertThat(a.origin()).contains(Origin.IGP);
        assertThat(a.asPath().orElseThrow()).hasToString("65001 4200000001 64512");
        assertThat(a.asPath().orElseThrow().firstAs()).hasValue(65001);
        assertThat(a.med()).hasValue(100);
        assertThat(a.communities().values()).containsExactly(Communities.community(65001, 100), Communities.NO_EXPORT);
        assertThat(a.hasNoExport()).isTrue();
        assertThat(a.largeCommunities().contains(4200000001L, 1, 2)).isTrue();
        assertThat(u.allAnnounced()).containsExactly(p("2001:db8:1:2::/64"), p("2001:db8:ab::/48"));
        assertThat(u.allWithdrawn()).isEmpty();
        assertThat(u.endOfRib()).isEmpty();
    }

    @Test
    void classicIpv4UpdateRoundTripsInItsOwnAttributeOrder() throws Exception {
        UpdateMessage u = roundTrip(Vectors.UPDATE_IPV4_CLASSIC, Wire.FOUR_OCTET, UpdateMessage.class);
        PathAttributes a = u.attributes();

        assertThat(u.nlri()).containsExactly(p("10.1.1.0/24"), p("192.168.0.1/32"), p("10.0.0.0/8"));
        assertThat(a.nextHop()).contains(IpAddress.parse("192.0.2.1"));
        assertThat(a.med()).hasValue(0);
        assertThat(a.extendedCommunities().values()).containsExactly(ExtendedCommunities.routeTarget(65001, 100));
        assertThat(a.largeCommunities()).hasToString("65001:100:200");

        // the same value built by hand encodes canonically: NEXT_HOP moves after AS_PATH
        UpdateMessage built = UpdateMessage.announce(a, u.nlri());
        assertThat(built).isEqualTo(u);
        byte[] canonical = encode(built, Wire.FOUR_OCTET);
        assertThat(canonical).hasSameSizeAs(Vectors.UPDATE_IPV4_CLASSIC).isNotEqualTo(Vectors.UPDATE_IPV4_CLASSIC);
        assertThat(hex(canonical)).contains("40010100" + "40020a02020000fde90000fdea" + "400304c0000201");
    }

    @Test
    void twoOctetSessionReconcilesAs4PathAndRoundTrips() throws Exception {
        UpdateMessage u = roundTrip(Vectors.UPDATE_TWO_OCTET_AS4_PATH, Wire.TWO_OCTET, UpdateMessage.class);

        assertThat(u.attributes().asPath()).contains(AsPath.sequence(65001, 65002, 4200000001L, 4200000002L));
        assertThat(u.errorAction()).isEqualTo(UpdateErrorAction.NONE);
        assertThat(u.nlri()).containsExactly(p("203.0.113.0/24"));
    }

    @Test
    void twoOctetSessionEncodesAsTransAndAs4PathThatDecodeBack() throws Exception {
        PathAttributes a = PathAttributes.builder()
                .origin(Origin.IGP)
                .asPath(AsPath.sequence(65001, 4200000001L, 64512))
                .nextHop(IpAddress.parse("192.0.2.1"))
                .aggregator(new Aggregator(4200000009L, IpAddress.parse("192.0.2.9")))
                .build();
        UpdateMessage u = UpdateMessage.announce(a, List.of(p("198.51.100.0/24")));
        byte[] bytes = encode(u, Wire.TWO_OCTET);

        assertThat(hex(bytes))
                .contains("40020802 03 fde9 5ba0 fc00".replace(" ", "")) // AS_PATH with AS_TRANS
                .contains("c0070 6 5ba0 c0000209".replace(" ", "")) // AGGREGATOR AS_TRANS
                .contains("c0110e 0203 0000fde9 fa56ea01 0000fc00".replace(" ", "")) // AS4_PATH
                .contains("c01208 fa56ea09 c0000209".replace(" ", "")); // AS4_AGGREGATOR
        UpdateMessage back = decode(bytes, Wire.TWO_OCTET, UpdateMessage.class);
        assertThat(back).isEqualTo(u);
        assertThat(encode(back, Wire.TWO_OCTET)).isEqualTo(bytes);
        // the layout of a 2-octet decode does not leak into a 4-octet session
        assertThat(decode(encode(back, Wire.FOUR_OCTET), Wire.FOUR_OCTET)).isEqualTo(u);
    }

    @Test
    void as4PathLongerThanAsPathIsIgnored() throws Exception {
        byte[] m = update("", """
                40 01 01 00
                40 02 04 02 01 fde9
                40 03 04 c0000201
                c0 11 0a 02 02 0000fde9 fa56ea01
                """, "18 cb0071");
        UpdateMessage u = roundTrip(m, Wire.TWO_OCTET, UpdateMessage.class);
        assertThat(u.attributes().asPath()).contains(AsPath.sequence(65001));
    }

    @Test
    void as4ReconciliationKeepsSetsAndLeadingConfederationSegments() throws Exception {
        // AS_PATH (65100) 65001 AS_TRANS {65010,AS_TRANS}; AS4_PATH 4200000001 {65010,4200000002}
        byte[] m = update("", """
                40 01 01 00
                40 02 10 03 01 fe4c | 02 02 fde9 5ba0 | 01 02 fdf2 5ba0
                40 03 04 c0000201
                c0 11 10 02 01 fa56ea01 | 01 02 0000fdf2 fa56ea02
                """, "18 cb0071");
        UpdateMessage u = roundTrip(m, Wire.TWO_OCTET, UpdateMessage.class);
        assertThat(u.attributes().asPath().orElseThrow()).hasToString("(65100) 65001 4200000001 {65010,4200000002}");
    }

    @Test
    void aggregatorFromAnOldSpeakerMakesAs4AttributesStale() throws Exception {
        // AGGREGATOR 65005 (not AS_TRANS) and AS4_AGGREGATOR present: both AS4_* ignored (RFC 6793 §4.2.3)
        byte[] m = update("", """
                40 01 01 00
                40 02 06 02 02 fde9 5ba0
                40 03 04 c0000201
                c0 07 06 fded c0000205
                c0 11 0a 02 02 0000fde9 fa56ea01
                c0 12 08 fa56ea09 c0000209
                """, "18 cb0071");
        UpdateMessage u = roundTrip(m, Wire.TWO_OCTET, UpdateMessage.class);
        assertThat(u.attributes().asPath()).contains(AsPath.sequence(65001, AsPath.AS_TRANS));
        assertThat(u.attributes().aggregator()).contains(new Aggregator(65005, IpAddress.parse("192.0.2.5")));
    }

    @Test
    void everyAttributeKindRoundTripsIncludingExtendedLengthAndUnknowns() throws Exception {
        UpdateMessage u = roundTrip(Vectors.UPDATE_ALL_ATTRIBUTES, Wire.FOUR_OCTET, UpdateMessage.class);
        PathAttributes a = u.attributes();

        assertThat(u.withdrawn()).containsExactly(p("198.51.100.0/24"));
        assertThat(u.nlri()).containsExactly(p("192.168.0.0/22"));
        assertThat(a.origin()).contains(Origin.INCOMPLETE);
        AsPath path = a.asPath().orElseThrow();
        assertThat(path).hasToString("(65100) 65001 {65010,65011} [65200]");
        assertThat(path.pathLength()).as("confed segments count 0, a set 1").isEqualTo(2);
        assertThat(path.firstAs()).isEmpty();
        assertThat(path.contains(65200)).isTrue();
        assertThat(a.localPref()).hasValue(200);
        assertThat(a.atomicAggregate()).isTrue();
        assertThat(a.aggregator()).contains(new Aggregator(65001, IpAddress.parse("192.0.2.2")));
        assertThat(a.hasGracefulShutdown()).isTrue();
        assertThat(a.hasBlackhole()).isTrue();
        assertThat(a.hasNoExport()).isFalse();
        assertThat(a.extendedCommunities().size()).isEqualTo(2);
        assertThat(a.largeCommunities().size()).isEqualTo(2);
        assertThat(a.unknown()).extracting(RawAttribute::typeCode).containsExactly(9, 10, 35, 99, 100);
        RawAttribute t99 = a.unknown().get(3);
        assertThat(t99.isOptional() && t99.isTransitive() && t99.isPartial()).isTrue();
        assertThat(a.toList())
                .extracting(PathAttribute::typeCode)
                .containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 16, 32, 35, 99, 100);
    }

    @Test
    void forReadvertisementMarksUnknownTransitivesPartialAndDropsNonTransitives() throws Exception {
        UpdateMessage u = decode(Vectors.UPDATE_ALL_ATTRIBUTES, Wire.FOUR_OCTET, UpdateMessage.class);
        PathAttributes out = u.attributes().forReadvertisement();

        assertThat(out.unknown()).extracting(RawAttribute::typeCode).containsExactly(35, 99);
        assertThat(out.unknown()).allMatch(RawAttribute::isPartial);
        assertThat(out.communities()).isEqualTo(u.attributes().communities());
        assertThat(out.forReadvertisement()).isSameAs(out);

        byte[] bytes = encode(u.withAttributes(out), Wire.FOUR_OCTET);
        assertThat(hex(bytes))
                .contains("e023040000fde9")
                .contains("e06303010203")
                .doesNotContain("806402aabb");
    }

    @Test
    void mpUnreachAndEndOfRibMarkers() throws Exception {
        UpdateMessage w = roundTrip(Vectors.UPDATE_MP_UNREACH_IPV6, Wire.FOUR_OCTET, UpdateMessage.class);
        assertThat(w.allWithdrawn()).containsExactly(p("2001:db8:1:2::/64"), p("2001:db8:ab::/48"));
        assertThat(w.endOfRib()).isEmpty();

        UpdateMessage eor4 = roundTrip(Vectors.UPDATE_EOR_IPV4, Wire.FOUR_OCTET, UpdateMessage.class);
        assertThat(eor4.endOfRib()).contains(AfiSafi.IPV4_UNICAST);
        assertThat(eor4).isEqualTo(UpdateMessage.endOfRibMarker(AfiSafi.IPV4_UNICAST));
        assertThat(eor4).hasToString("UPDATE[End-of-RIB ipv4-unicast]");

        UpdateMessage eor6 = roundTrip(Vectors.UPDATE_EOR_IPV6, Wire.FOUR_OCTET, UpdateMessage.class);
        assertThat(eor6.endOfRib()).contains(AfiSafi.IPV6_UNICAST);
        assertThat(eor6).isEqualTo(UpdateMessage.endOfRibMarker(AfiSafi.IPV6_UNICAST));
        assertThat(hex(encode(UpdateMessage.endOfRibMarker(AfiSafi.IPV6_UNICAST), Wire.FOUR_OCTET)))
                .endsWith("0000" + "0006" + "800f03000201");
    }

    @Test
    void endOfRibOfAFamilyWhoseNlriWeDoNotParse() throws Exception {
        byte[] evpnEor = update("", "90 0f 0003 0019 46", "");
        UpdateMessage u = roundTrip(evpnEor, Wire.FOUR_OCTET, UpdateMessage.class);
        assertThat(u.endOfRib()).contains(new AfiSafi(25, 70));
        assertThat(u.endOfRib().orElseThrow()).hasToString("l2vpn-evpn");
    }

    @Test
    void unparsedFamiliesAreKeptRawAndNotAnnounced() throws Exception {
        // MP_REACH_NLRI for ipv4-vpn (1/128): next hop 12 octets (RD + IPv4), one labeled VPN route
        byte[] m = update("", """
                40 01 01 00
                40 02 06 02 01 0000fde9
                90 0e 0020 0001 80 0c 0000000000000000 c0000201 00 | 70 000011 0000fde900000064 0a0000
                """, "");
        UpdateMessage u = roundTrip(m, Wire.FOUR_OCTET, UpdateMessage.class);
        assertThat(u.mpReach()).isEmpty();
        assertThat(u.allAnnounced()).isEmpty();
        assertThat(u.attributes().unknown()).extracting(RawAttribute::typeCode).containsExactly(14);
        assertThat(u.attributes().forReadvertisement().unknown())
                .as("MP_REACH_NLRI is non-transitive")
                .isEmpty();
    }

    @Test
    void hostBitsBeyondThePrefixLengthAreMaskedSoReEncodingDiffers() throws Exception {
        // 10.1.1.0/23: bit 23 set although beyond the length; 2001:db8::1:0/112 for IPv6 with a stray bit
        byte[] m = update("17 0a0101", """
                40 01 01 00
                40 02 00
                40 03 04 c0000201
                """, "17 0a0301");
        UpdateMessage u = decode(m, Wire.FOUR_OCTET, UpdateMessage.class);
        assertThat(u.withdrawn()).containsExactly(p("10.1.0.0/23"));
        assertThat(u.nlri()).containsExactly(p("10.3.0.0/23"));
        assertThat(u.errorAction()).isEqualTo(UpdateErrorAction.NONE);

        byte[] again = encode(u, Wire.FOUR_OCTET);
        assertThat(again).hasSameSizeAs(m);
        int differences = 0;
        for (int i = 0; i < m.length; i++) {
            if (m[i] != again[i]) {
                differences++;
            }
        }
        assertThat(differences)
                .as("only the two bytes with stray host bits change")
                .isEqualTo(2);
        assertThat(hex(again)).endsWith("170a0300");

        byte[] v6 = update("", "80 0f 0e 0002 01 | 4f 20010db8 00000000 0001", "");
        assertThat(decode(v6, Wire.FOUR_OCTET, UpdateMessage.class).allWithdrawn())
                .containsExactly(p("2001:db8::/79"));
    }

    @Test
    void duplicateLargeCommunitiesAreRemovedButTheOctetsKept() throws Exception {
        byte[] m = update("", """
                40 01 01 00
                40 02 00
                40 03 04 c0000201
                c0 20 24 00000001 00000002 00000003 | 00000004 00000005 00000006 | 00000001 00000002 00000003
                """, "08 0a");
        UpdateMessage u = roundTrip(m, Wire.FOUR_OCTET, UpdateMessage.class);
        assertThat(u.attributes().largeCommunities()).isEqualTo(LargeCommunities.of(1, 2, 3, 4, 5, 6));
        assertThat(u.errorAction()).isEqualTo(UpdateErrorAction.NONE);
    }

    @Test
    void ipv4InMpReachWithIpv6NextHopAndSingleIpv6NextHop() throws Exception {
        byte[] v4overV6 = update("", """
                90 0e 0019 0001 01 10 20010db8000000000000000000000001 00 18 c63364
                40 01 01 00
                40 02 00
                """, "");
        UpdateMessage u = roundTrip(v4overV6, Wire.FOUR_OCTET, UpdateMessage.class);
        assertThat(u.allAnnounced()).containsExactly(p("198.51.100.0/24"));
        assertThat(u.attributes().mpNextHop()).contains(MpNextHop.of(IpAddress.parse("2001:db8::1")));

        byte[] v6 = update("", """
                80 0e 1c 0002 01 10 20010db8000000000000000000000001 00 30 20010db80001
                40 01 01 00
                40 02 00
                """, "");
        UpdateMessage u6 = roundTrip(v6, Wire.FOUR_OCTET, UpdateMessage.class);
        assertThat(u6.attributes().mpNextHop().orElseThrow().linkLocalAddress()).isEmpty();
    }

    @Test
    void builtUpdatesPutMpAttributesFirstAndRoundTrip() throws Exception {
        PathAttributes a = PathAttributes.builder()
                .origin(Origin.IGP)
                .asPath(AsPath.sequence(65001))
                .mpNextHop(new MpNextHop(IpAddress.parse("2001:db8::1"), IpAddress.parse("fe80::1")))
                .communities(Communities.of(Communities.NO_EXPORT))
                .build();
        UpdateMessage u = UpdateMessage.mpAnnounce(AfiSafi.IPV6_UNICAST, a, List.of(p("2001:db8:5::/48")));
        byte[] bytes = encode(u, Wire.FOUR_OCTET);

        assertThat(hex(bytes).substring(19 * 2 + 8)).startsWith("800e");
        UpdateMessage back = decode(bytes, Wire.FOUR_OCTET, UpdateMessage.class);
        assertThat(back).isEqualTo(u);
        assertThat(back.mpUnreach()).isEqualTo(Optional.empty());
    }

    @Test
    void longValuesGetTheExtendedLengthBit() throws Exception {
        int[] many = new int[70];
        for (int i = 0; i < many.length; i++) {
            many[i] = 0xFDE90000 | i;
        }
        PathAttributes a = PathAttributes.builder()
                .origin(Origin.IGP)
                .asPath(AsPath.EMPTY)
                .nextHop(IpAddress.parse("10.0.0.1"))
                .communities(new Communities(many))
                .build();
        byte[] bytes = encode(UpdateMessage.announce(a, List.of(p("10.9.0.0/16"))), Wire.FOUR_OCTET);
        assertThat(hex(bytes)).contains("d0080118");
        assertThat(decode(bytes, Wire.FOUR_OCTET)).isEqualTo(UpdateMessage.announce(a, List.of(p("10.9.0.0/16"))));
    }

    @Test
    void layoutIsIgnoredForOtherAttributes() throws Exception {
        UpdateMessage u = decode(Vectors.UPDATE_IPV4_CLASSIC, Wire.FOUR_OCTET, UpdateMessage.class);
        PathAttributes changed = u.attributes().toBuilder().med(5).build();
        UpdateMessage sneaky = new UpdateMessage(
                u.withdrawn(),
                changed,
                u.nlri(),
                u.mpReach(),
                u.mpUnreach(),
                u.errorAction(),
                u.problems(),
                u.layout());
        UpdateMessage back = decode(encode(sneaky, Wire.FOUR_OCTET), Wire.FOUR_OCTET, UpdateMessage.class);
        assertThat(back.attributes().med()).hasValue(5);
        assertThat(back).isEqualTo(sneaky);
    }
}
