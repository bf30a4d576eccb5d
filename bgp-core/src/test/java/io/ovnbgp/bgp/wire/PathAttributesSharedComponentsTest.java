package io.ovnbgp.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What an interner relies on: the copy with shared components is the same set, with those very instances. */
class PathAttributesSharedComponentsTest {
    private static PathAttributes set() {
        return PathAttributes.builder()
                .origin(Origin.IGP)
                .asPath(AsPath.sequence(65001, 3356))
                .nextHop(IpAddress.parse("192.0.2.1"))
                .communities(Communities.of(Communities.community(65001, 7)))
                .med(5)
                .build();
    }

    @Test
    void theCopyIsEqualWithTheSameHashAndHoldsTheGivenInstances() {
        PathAttributes a = set();
        int hash = a.hashCode();
        AsPath path = AsPath.sequence(65001, 3356);
        IpAddress nh = IpAddress.parse("192.0.2.1");
        Communities c = Communities.of(Communities.community(65001, 7));

        PathAttributes shared = a.withSharedComponents(path, c, null, nh, null);

        assertThat(shared).isEqualTo(a).isEqualTo(set()).hasSameHashCodeAs(set());
        assertThat(shared.hashCode()).isEqualTo(hash);
        assertThat(shared.asPath().orElseThrow()).isSameAs(path);
        assertThat(shared.communities()).isSameAs(c);
        assertThat(shared.nextHop().orElseThrow()).isSameAs(nh);
    }

    @Test
    void nothingToReplaceReturnsTheSetItself() {
        PathAttributes a = set();
        assertThat(a.withSharedComponents(a.asPath().orElseThrow(), a.communities(), null, null, null))
                .isSameAs(a);
    }

    @Test
    void aReplacementThatIsNotEqualIsRefused() {
        assertThatThrownBy(() -> set().withSharedComponents(AsPath.sequence(65001, 174), null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
