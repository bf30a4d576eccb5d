package io.ovnbgp.e2e.bgp;

import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.AsPath;
import io.ovnbgp.bgp.wire.Communities;
import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.LargeCommunities;
import io.ovnbgp.bgp.wire.MpNextHop;
import io.ovnbgp.bgp.wire.Origin;
import io.ovnbgp.bgp.wire.PathAttributes;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bgp.wire.UpdateMessage;
import java.util.List;

/** The routes our speaker announces in the interop suites, and the attributes they carry. */
final class TestRoutes {
    static final Prefix OUR_V4 = Prefix.parse("198.18.1.0/24");
    static final Prefix OUR_V6 = Prefix.parse("2001:db8:1::/48");
    static final String OUR_V4_NEXT_HOP = "203.0.113.1";
    static final String OUR_V6_NEXT_HOP = "2001:db8:ffff::1";
    static final long OUR_V4_MED = 50;
    static final long OUR_V6_MED = 60;

    private TestRoutes() {}

    /** IPv4: ORIGIN IGP, AS_PATH 64512, NEXT_HOP 203.0.113.1, MED 50, 64512:100 64512:200, 64512:1:2. */
    static PathAttributes ourV4Attributes() {
        return PathAttributes.builder()
                .origin(Origin.IGP)
                .asPath(AsPath.sequence(OurSpeakers.OUR_AS))
                .nextHop(IpAddress.parse(OUR_V4_NEXT_HOP))
                .med(OUR_V4_MED)
                .communities(Communities.of(Communities.community(64512, 100), Communities.community(64512, 200)))
                .largeCommunities(LargeCommunities.of(64512, 1, 2))
                .build();
    }

    /** IPv6: ORIGIN IGP, AS_PATH 64512, MP next hop 2001:db8:ffff::1, MED 60, 64512:300, 64512:3:4. */
    static PathAttributes ourV6Attributes() {
        return PathAttributes.builder()
                .origin(Origin.IGP)
                .asPath(AsPath.sequence(OurSpeakers.OUR_AS))
                .mpNextHop(MpNextHop.of(IpAddress.parse(OUR_V6_NEXT_HOP)))
                .med(OUR_V6_MED)
                .communities(Communities.of(Communities.community(64512, 300)))
                .largeCommunities(LargeCommunities.of(64512, 3, 4))
                .build();
    }

    static UpdateMessage announceOurV4() {
        return UpdateMessage.announce(ourV4Attributes(), List.of(OUR_V4));
    }

    static UpdateMessage announceOurV6() {
        return UpdateMessage.mpAnnounce(AfiSafi.IPV6_UNICAST, ourV6Attributes(), List.of(OUR_V6));
    }

    static UpdateMessage withdrawOurV4() {
        return UpdateMessage.withdraw(List.of(OUR_V4));
    }

    static UpdateMessage withdrawOurV6() {
        return UpdateMessage.mpWithdraw(AfiSafi.IPV6_UNICAST, List.of(OUR_V6));
    }

    /** What a peer that was told to send these values puts on the wire, as our decoder should see it. */
    static PathAttributes expected(long peerAs, String nextHop, long med, int[] communities, long[] large) {
        PathAttributes.Builder b = PathAttributes.builder()
                .origin(Origin.IGP)
                .asPath(AsPath.sequence(peerAs))
                .med(med)
                .communities(Communities.of(communities))
                .largeCommunities(LargeCommunities.of(large));
        IpAddress nh = IpAddress.parse(nextHop);
        return nh.v6() ? b.mpNextHop(MpNextHop.of(nh)).build() : b.nextHop(nh).build();
    }
}
