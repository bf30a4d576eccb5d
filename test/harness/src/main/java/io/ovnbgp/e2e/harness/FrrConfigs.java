package io.ovnbgp.e2e.harness;

/**
 * FRR 8.4 bgpd configurations for peering with a speaker under test on 127.0.0.1. FRR sits on 127.0.0.2 (AS 65001)
 * and originates 198.51.100.0/24 and 2001:db8:100::/48; its outbound route-maps set non-loopback next hops, a MED,
 * communities and large communities, so that what the speaker receives can be compared attribute by attribute.
 */
public final class FrrConfigs {
    public static final String FRR = "127.0.0.2";
    public static final long FRR_AS = 65001;
    public static final String FRR_ID = "10.255.0.2";

    public static final String FRR_V4 = "198.51.100.0/24";
    public static final String FRR_V6 = "2001:db8:100::/48";
    public static final String FRR_V4_NEXT_HOP = "203.0.113.2";
    public static final String FRR_V6_NEXT_HOP = "2001:db8:ffff::2";
    public static final long FRR_V4_MED = 77;
    public static final long FRR_V6_MED = 66;

    private FrrConfigs() {}

    /**
     * FRR peering with the speaker {@code us} in {@code ourAs}, announcing both of its prefixes.
     *
     * @param ourPort     where FRR connects to us, or 0 to make FRR passive ({@code neighbor X passive})
     * @param extraRouter more lines inside {@code router bgp} before the address families (e.g. a password)
     */
    public static String interop(String us, long ourAs, int ourPort, String extraRouter) {
        return FrrConfig.datacenter("frr1")
                .logToStdout()
                .comment("apply route-maps at once, not after the default 5 s delay")
                .routeMapsAtOnce()
                .routerBgp(FRR_AS, FRR_ID)
                .noEbgpPolicy()
                .noImportCheck()
                .neighbor(
                        us,
                        "remote-as " + ourAs,
                        "update-source " + FRR,
                        "timers 3 9",
                        "timers connect 1",
                        ourPort == 0 ? "passive" : "port " + ourPort)
                .raw(extraRouter)
                .addressFamily("ipv4 unicast", "network " + FRR_V4, "neighbor " + us + " route-map out4 out")
                .addressFamily(
                        "ipv6 unicast",
                        "network " + FRR_V6,
                        "neighbor " + us + " activate",
                        "neighbor " + us + " route-map out6 out")
                .routeMap(
                        "out4",
                        "set ip next-hop " + FRR_V4_NEXT_HOP,
                        "set metric " + FRR_V4_MED,
                        "set community 65001:7 65001:8",
                        "set large-community 65001:1:2")
                .routeMap(
                        "out6",
                        "set ipv6 next-hop global " + FRR_V6_NEXT_HOP,
                        "set metric " + FRR_V6_MED,
                        "set community 65001:9",
                        "set large-community 65001:3:4")
                .text();
    }
}
