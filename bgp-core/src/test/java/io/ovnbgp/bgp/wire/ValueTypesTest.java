package io.ovnbgp.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ValueTypesTest {

    @ParameterizedTest
    @CsvSource({
        "10.0.0.0/8, 10.0.0.0/8",
        "0.0.0.0/0, 0.0.0.0/0",
        "192.0.2.1/32, 192.0.2.1/32",
        "2001:db8::/32, 2001:db8::/32",
        "2001:0DB8:0000:0000:0001:0000:0000:0000/80, 2001:db8:0:0:1::/80",
        "::/0, ::/0",
        "::1/128, ::1/128",
        "2001:db8:0:0:1:0:0:1/128, 2001:db8::1:0:0:1/128",
        "1:0:0:2:0:0:0:3/128, 1:0:0:2::3/128",
        "fe80::/10, fe80::/10",
        "::ffff:192.0.2.1/128, ::ffff:c000:201/128",
        "2001:db8:1:2:3:4:5:6/128, 2001:db8:1:2:3:4:5:6/128",
    })
    void prefixesPrintInCanonicalForm(String text, String canonical) {
        Prefix p = Prefix.parse(text);
        assertThat(p).hasToString(canonical);
        assertThat(Prefix.parse(canonical)).isEqualTo(p).hasSameHashCodeAs(p);
    }

    @Test
    void parseRejectsHostBitsButFactoriesClearThem() {
        assertThatThrownBy(() -> Prefix.parse("10.0.0.1/8"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("did you mean 10.0.0.0/8");
        assertThat(Prefix.ipv4(0x0A000001, 8)).isEqualTo(Prefix.parse("10.0.0.0/8"));
        assertThat(Prefix.ipv6(0x20010db8_00000000L, 1L, 64)).isEqualTo(Prefix.parse("2001:db8::/64"));
        assertThat(Prefix.ipv6(-1L, -1L, 65)).hasToString("ffff:ffff:ffff:ffff:8000::/65");
    }

    @ParameterizedTest
    @CsvSource({
        "10.0.0.0",
        "10.0.0.0/33",
        "300.0.0.0/8",
        "1.2.3/24",
        "2001:db8::/129",
        "2001:db8:::/32",
        "1::2::3/64",
        "12345::/16",
        "1:2:3:4:5:6:7:8:9/128",
        "::/-1",
        "a.b.c.d/8",
        "01.2.3.4.5/8"
    })
    void badPrefixesAreRejected(String text) {
        assertThatThrownBy(() -> Prefix.parse(text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void prefixOrderAndContainment() {
        List<String> sorted = new TreeSet<>(List.of(
                        Prefix.parse("2001:db8::/32"),
                        Prefix.parse("10.0.0.0/16"),
                        Prefix.parse("10.0.0.0/8"),
                        Prefix.parse("192.0.2.0/24"),
                        Prefix.parse("::/0")))
                .stream().map(Prefix::toString).toList();
        assertThat(sorted).containsExactly("10.0.0.0/8", "10.0.0.0/16", "192.0.2.0/24", "::/0", "2001:db8::/32");

        assertThat(Prefix.parse("10.0.0.0/8").contains(Prefix.parse("10.20.0.0/16")))
                .isTrue();
        assertThat(Prefix.parse("10.0.0.0/16").contains(Prefix.parse("10.0.0.0/8")))
                .isFalse();
        assertThat(Prefix.parse("0.0.0.0/0").contains(IpAddress.parse("203.0.113.9")))
                .isTrue();
        assertThat(Prefix.parse("2001:db8::/32").contains(IpAddress.parse("2001:db8:ffff::1")))
                .isTrue();
        assertThat(Prefix.parse("2001:db8::/32").contains(IpAddress.parse("10.0.0.1")))
                .isFalse();
        assertThat(Prefix.parse("2001:db8::/32").family()).isEqualTo(AfiSafi.IPV6_UNICAST);
    }

    @Test
    void ipAddresses() {
        assertThat(IpAddress.parse("192.0.2.255").toBytes()).containsExactly(192, 0, 2, 255);
        assertThat(IpAddress.parse("fe80::1").isIpv6LinkLocal()).isTrue();
        assertThat(IpAddress.parse("2001:db8::1").isIpv6LinkLocal()).isFalse();
        assertThat(IpAddress.v4(0xC0000201)).hasToString("192.0.2.1");
        assertThatThrownBy(() -> IpAddress.parse("example.com")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void addressFamiliesUseTheConfigurationSpelling() {
        assertThat(AfiSafi.IPV4_UNICAST).hasToString("ipv4-unicast");
        assertThat(AfiSafi.IPV6_UNICAST).hasToString("ipv6-unicast");
        assertThat(new AfiSafi(16388, 71)).hasToString("afi-16388-safi-71");
        assertThat(AfiSafi.parse("IPv6-Unicast")).isEqualTo(AfiSafi.IPV6_UNICAST);
        assertThat(AfiSafi.parse("l2vpn-evpn")).isEqualTo(new AfiSafi(25, 70));
        assertThat(AfiSafi.parse("afi-16388-safi-71")).isEqualTo(new AfiSafi(16388, 71));
        assertThatThrownBy(() -> AfiSafi.parse("ipx-unicast")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void asPaths() {
        AsPath p = AsPath.sequence(65001, 4200000001L);
        assertThat(p.pathLength()).isEqualTo(2);
        assertThat(p.prepend(64512, 2)).hasToString("64512 64512 65001 4200000001");
        assertThat(p.prepend(64512, 2).segments()).hasSize(1);
        AsPath withSet = new AsPath(List.of(AsPathSegment.of(AsPathSegment.Type.AS_SET, 1, 2)));
        assertThat(withSet.prepend(3, 1)).hasToString("3 {1,2}");
        assertThat(AsPath.EMPTY.prepend(7, 3)).hasToString("7 7 7");
        assertThat(AsPath.sequence(new long[300]).segments())
                .extracting(AsPathSegment::size)
                .containsExactly(255, 45);
        assertThat(p.contains(4200000001L)).isTrue();
        assertThatThrownBy(() -> AsPathSegment.of(AsPathSegment.Type.AS_SEQUENCE))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void communities() {
        assertThat(Communities.parse("65001:100")).isEqualTo(0xFDE90064);
        assertThat(Communities.parse("no-export")).isEqualTo(Communities.NO_EXPORT);
        Communities c = Communities.of(Communities.parse("65001:100"), Communities.NO_ADVERTISE, Communities.BLACKHOLE);
        assertThat(c).hasToString("65001:100 no-advertise blackhole");
        assertThat(c.hasNoAdvertise() && c.hasBlackhole() && !c.hasNoExportSubconfed())
                .isTrue();
        assertThat(c.with(Communities.NO_EXPORT_SUBCONFED).hasNoExportSubconfed())
                .isTrue();
        assertThat(LargeCommunities.of(LargeCommunities.parse("4200000001:1:2")))
                .hasToString("4200000001:1:2");
        assertThatThrownBy(() -> Communities.parse("65536:1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pathAttributesAreValuesFitForInterning() {
        PathAttributes a = PathAttributes.builder()
                .origin(Origin.IGP)
                .asPath(AsPath.sequence(65001))
                .nextHop(IpAddress.parse("192.0.2.1"))
                .communities(Communities.of(1, 2))
                .med(10)
                .build();
        PathAttributes b = PathAttributes.builder()
                .med(10)
                .communities(Communities.of(1, 2))
                .nextHop(IpAddress.parse("192.0.2.1"))
                .asPath(AsPath.sequence(65001))
                .origin(Origin.IGP)
                .build();
        assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
        assertThat(a.toBuilder().med(11).build()).isNotEqualTo(a);
        assertThat(a.toBuilder().communities(Communities.of(2, 1)).build())
                .as("community order is kept")
                .isNotEqualTo(a);
        assertThat(PathAttributes.builder().communities(Communities.NONE).build())
                .isEqualTo(PathAttributes.EMPTY);
        assertThat(a.toString())
                .isEqualTo(
                        "PathAttributes[origin=IGP, as-path=65001, next-hop=192.0.2.1, med=10, communities=0:1 0:2]");
    }

    @Test
    void builderRefusesRawCopiesOfModelledAttributes() {
        assertThatThrownBy(() -> PathAttributes.builder().unknown(new RawAttribute(0xC0, 8, new byte[4])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PathAttributes.builder().unknown(new RawAttribute(0xC0, 17, new byte[6])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PathAttributes.builder()
                        .unknown(new RawAttribute(0xC0, 99, new byte[0]))
                        .unknown(new RawAttribute(0xC0, 99, new byte[1])))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(new RawAttribute(0xFF, 99, new byte[0]).flags())
                .as("Extended Length and unused bits are layout")
                .isEqualTo(0xE0);
    }

    @Test
    void updateMessagesGuardTheirInvariants() {
        assertThatThrownBy(() -> UpdateMessage.withdraw(List.of(Prefix.parse("2001:db8::/32"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> UpdateMessage.mpAnnounce(
                        AfiSafi.IPV6_UNICAST, PathAttributes.EMPTY, List.of(Prefix.parse("2001:db8::/32"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new MpNlri(AfiSafi.IPV6_UNICAST, List.of(Prefix.parse("10.0.0.0/8"))))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void errorNames() {
        assertThat(ErrorSubcode.MALFORMED_AS_PATH).hasToString("UPDATE Message Error / Malformed AS_PATH");
        assertThat(ErrorSubcode.HOLD_TIMER_EXPIRED).hasToString("Hold Timer Expired");
        assertThat(ErrorCode.describe(3, 0)).isEqualTo("UPDATE Message Error / Unspecific");
        assertThat(ErrorCode.describe(4, 0)).isEqualTo("Hold Timer Expired");
        assertThat(new BgpDecodeException(ErrorSubcode.BAD_PEER_AS, "AS 0").toNotification())
                .isEqualTo(NotificationMessage.of(ErrorSubcode.BAD_PEER_AS));
        for (ErrorSubcode s : ErrorSubcode.values()) {
            assertThat(ErrorSubcode.of(s.code(), s.subcode())).isSameAs(s);
        }
    }
}
