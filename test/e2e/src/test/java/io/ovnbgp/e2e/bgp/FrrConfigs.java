package io.ovnbgp.e2e.bgp;

/**
 * FRR 8.4 bgpd configurations for peering with our speaker on 127.0.0.1. FRR sits on 127.0.0.2 (AS 65001) and
 * originates 198.51.100.0/24 and 2001:db8:100::/48; its outbound route-maps set non-loopback next hops, a MED,
 * communities and large communities, so that what we receive can be compared attribute by attribute.
 */
final class FrrConfigs {
    static final String FRR = "127.0.0.2";
    static final long FRR_AS = 65001;
    static final String FRR_ID = "10.255.0.2";

    static final String FRR_V4 = "198.51.100.0/24";
    static final String FRR_V6 = "2001:db8:100::/48";
    static final String FRR_V4_NEXT_HOP = "203.0.113.2";
    static final String FRR_V6_NEXT_HOP = "2001:db8:ffff::2";
    static final long FRR_V4_MED = 77;
    static final long FRR_V6_MED = 66;

    private FrrConfigs() {
    }

    /**
     * @param ourPort     where FRR connects to us, or 0 to make FRR passive ({@code neighbor X passive})
     * @param extraRouter more lines inside {@code router bgp} before the address families (e.g. a password)
     */
    static String config(int ourPort, String extraRouter) {
        String n = OurSpeakers.US;
        StringBuilder c = new StringBuilder();
        c.append("""
                frr defaults datacenter
                hostname frr1
                log stdout informational
                ! apply route-maps at once, not after the default 5 s delay
                bgp route-map delay-timer 0
                router bgp %d
                 bgp router-id %s
                 no bgp ebgp-requires-policy
                 no bgp network import-check
                 neighbor %s remote-as %d
                 neighbor %s update-source %s
                 neighbor %s timers 3 9
                 neighbor %s timers connect 1
                """.formatted(FRR_AS, FRR_ID, n, OurSpeakers.OUR_AS, n, FRR, n, n));
        if (ourPort == 0) {
            c.append(" neighbor ").append(n).append(" passive\n");
        } else {
            c.append(" neighbor ").append(n).append(" port ").append(ourPort).append('\n');
        }
        c.append(extraRouter);
        c.append("""
                 address-family ipv4 unicast
                  network %s
                  neighbor %s route-map out4 out
                 exit-address-family
                 address-family ipv6 unicast
                  network %s
                  neighbor %s activate
                  neighbor %s route-map out6 out
                 exit-address-family
                route-map out4 permit 10
                 set ip next-hop %s
                 set metric %d
                 set community 65001:7 65001:8
                 set large-community 65001:1:2
                route-map out6 permit 10
                 set ipv6 next-hop global %s
                 set metric %d
                 set community 65001:9
                 set large-community 65001:3:4
                """.formatted(FRR_V4, n, FRR_V6, n, n, FRR_V4_NEXT_HOP, FRR_V4_MED, FRR_V6_NEXT_HOP, FRR_V6_MED));
        return c.toString();
    }
}
