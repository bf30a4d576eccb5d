package io.ovnbgp.bgp.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovnbgp.bgp.wire.Communities;
import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.Origin;
import io.ovnbgp.bgp.wire.PathAttributes;
import io.ovnbgp.bgp.wire.Prefix;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyTest {
    private static Prefix p(String s) {
        return Prefix.parse(s);
    }

    @Test
    void aBarePrefixRuleMatchesExactlyThatPrefix() {
        PrefixRule r = PrefixRule.of(p("10.0.0.0/8"), null, null);
        assertThat(r.matches(p("10.0.0.0/8"))).isTrue();
        assertThat(r.matches(p("10.1.0.0/16"))).isFalse();
        assertThat(r.matches(p("11.0.0.0/8"))).isFalse();
    }

    @Test
    void leAndGeGiveALengthRangeInsideThePrefix() {
        PrefixRule le = PrefixRule.of(p("10.0.0.0/8"), null, 24);
        assertThat(le.matches(p("10.0.0.0/8"))).isTrue();
        assertThat(le.matches(p("10.20.30.0/24"))).isTrue();
        assertThat(le.matches(p("10.20.30.0/25"))).isFalse();
        assertThat(le.matches(p("192.168.0.0/16"))).isFalse();

        PrefixRule ge = PrefixRule.of(p("10.0.0.0/8"), 16, null);
        assertThat(ge.matches(p("10.0.0.0/8"))).isFalse();
        assertThat(ge.matches(p("10.1.0.0/16"))).isTrue();
        assertThat(ge.matches(p("10.1.2.3/32"))).isTrue();

        PrefixRule both = PrefixRule.of(p("0.0.0.0/0"), 16, 24);
        assertThat(both.matches(p("0.0.0.0/0"))).isFalse();
        assertThat(both.matches(p("172.16.0.0/12"))).isFalse();
        assertThat(both.matches(p("172.16.0.0/16"))).isTrue();
        assertThat(both.matches(p("172.16.5.0/24"))).isTrue();
        assertThat(both.matches(p("172.16.5.0/28"))).isFalse();
    }

    @Test
    void ipv6RulesMatchIpv6PrefixesOnlyAndViceVersa() {
        PrefixRule v6 = PrefixRule.of(p("2001:db8::/32"), null, 64);
        assertThat(v6.matches(p("2001:db8:1::/48"))).isTrue();
        assertThat(v6.matches(p("2001:db8:1:2::/64"))).isTrue();
        assertThat(v6.matches(p("2001:db8:1:2::/80"))).isFalse();
        assertThat(v6.matches(p("2001:db9::/32"))).isFalse();
        PrefixRule any4 = PrefixRule.of(p("0.0.0.0/0"), null, 32);
        assertThat(any4.matches(p("::/0"))).isFalse();
        assertThat(any4.matches(p("2001:db8::/32"))).isFalse();
        assertThat(PrefixRule.of(p("::/0"), null, 128).matches(p("10.0.0.0/8"))).isFalse();
    }

    @Test
    void impossibleRangesAreRefused() {
        assertThatThrownBy(() -> PrefixRule.of(p("10.0.0.0/16"), 8, null)).hasMessageContaining("ge 8");
        assertThatThrownBy(() -> PrefixRule.of(p("10.0.0.0/16"), 24, 20)).hasMessageContaining("le 20");
        assertThatThrownBy(() -> PrefixRule.of(p("10.0.0.0/16"), null, 33)).hasMessageContaining("le 33");
    }

    @Test
    void modesNoneAllAndFilteredWithACommunityCondition() {
        PathAttributes tagged = PathAttributes.builder()
                .origin(Origin.IGP)
                .communities(Communities.of(Communities.community(65001, 100)))
                .nextHop(IpAddress.parse("192.0.2.1"))
                .build();
        PathAttributes plain = PathAttributes.builder()
                .origin(Origin.IGP)
                .nextHop(IpAddress.parse("192.0.2.1"))
                .build();
        assertThat(ReceivePolicy.NONE.acceptsAttributes(plain)).isFalse();
        assertThat(ReceivePolicy.NONE.acceptsPrefix(p("10.0.0.0/8"))).isFalse();
        assertThat(ReceivePolicy.ALL.acceptsAttributes(plain)).isTrue();
        assertThat(ReceivePolicy.ALL.acceptsPrefix(p("2001:db8::/32"))).isTrue();

        ReceivePolicy f = ReceivePolicy.filtered(List.of(PrefixRule.of(p("10.0.0.0/8"), null, 32)))
                .withCommunityMatch(Communities.community(65001, 100), Communities.community(65001, 200));
        assertThat(f.acceptsAttributes(tagged)).isTrue();
        assertThat(f.acceptsAttributes(plain)).isFalse();
        assertThat(f.acceptsPrefix(p("10.9.0.0/16"))).isTrue();
        assertThat(f.acceptsPrefix(p("11.0.0.0/16"))).isFalse();
        assertThat(ReceivePolicy.filtered(List.of()).acceptsPrefix(p("10.0.0.0/8")))
                .isFalse();
        assertThat(f.withLocalPref(300).setLocalPref()).hasValue(300);
        assertThat(f)
                .isEqualTo(ReceivePolicy.filtered(List.of(PrefixRule.of(p("10.0.0.0/8"), null, 32)))
                        .withCommunityMatch(Communities.community(65001, 100), Communities.community(65001, 200)));
    }

    @Test
    void advertisePolicyValidatesItsNextHopsAndPrepend() {
        assertThatThrownBy(() -> AdvertisePolicy.DEFAULT.withIpv6NextHop(IpAddress.parse("192.0.2.1")))
                .hasMessageContaining("not IPv6");
        assertThatThrownBy(() -> AdvertisePolicy.DEFAULT.withAsPathPrepend(33)).hasMessageContaining("0..32");
        assertThat(AdvertisePolicy.DEFAULT.exportsTag("anything")).isTrue();
        assertThat(AdvertisePolicy.NOTHING.exportsTag("anything")).isFalse();
    }
}
