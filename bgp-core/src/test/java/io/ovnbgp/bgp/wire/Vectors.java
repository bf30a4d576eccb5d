package io.ovnbgp.bgp.wire;

import static io.ovnbgp.bgp.wire.Wire.hex;

import java.util.List;

/**
 * Hand-written wire vectors, one per message kind and layout that peers really produce. Lengths
 * were counted by hand (and checked once with a script); the tests prove them.
 */
final class Vectors {

    private Vectors() {}

    /** FRR-style OPEN: every capability in its own Optional Parameter, 4-octet AS, GR with R and N bits. */
    static final byte[] OPEN_ONE_CAPABILITY_PER_PARAMETER = hex("""
            ffffffffffffffffffffffffffffffff 005e 01
            04 fde9 00b4 c0000201 41          # version 4, AS 65001, hold 180, id 192.0.2.1, 65 octets of parameters
            02 06 | 01 04 0001 00 01          # Multiprotocol ipv4-unicast
            02 06 | 01 04 0002 00 01          # Multiprotocol ipv6-unicast
            02 02 | 80 00                     # old Cisco route refresh (kept as Unknown)
            02 02 | 02 00                     # Route Refresh
            02 02 | 46 00                     # Enhanced Route Refresh
            02 06 | 41 04 0000fde9            # 4-octet AS 65001
            02 0c | 40 0a c078 0001 01 80 0002 01 00   # GR: R, N, 120 s; ipv4 F=1, ipv6 F=0
            02 02 | 06 00                     # Extended Message
            02 09 | 49 07 05 686f737431 00    # FQDN "host1" (Unknown)
            """);

    /** BIRD-style OPEN: all capabilities in one parameter, AS_TRANS in My AS and the real AS 4200000001. */
    static final byte[] OPEN_ONE_PARAMETER = hex("""
            ffffffffffffffffffffffffffffffff 0037 01
            04 5ba0 005a 0a000001 1a
            02 18
              01 04 0001 00 01
              01 04 0002 00 01
              02 00
              41 04 fa56ea01
              46 00
              06 00
            """);

    /** RFC 9072 extended Optional Parameters Length. */
    static final byte[] OPEN_EXTENDED_PARAMETERS = hex("""
            ffffffffffffffffffffffffffffffff 0032 01
            04 fde9 0000 0a000002 ff
            ff 0012                            # extended form, 18 octets
            02 0006 | 01 04 0001 00 01
            02 0006 | 41 04 fa56ea01
            """);

    /**
     * An IPv6 UPDATE in the layout FRR uses on a 4-octet session: MP_REACH_NLRI first with
     * Extended Length set, global + link-local next hop, AS_PATH with Extended Length, then MED,
     * communities, large communities.
     */
    static final byte[] UPDATE_FRR_IPV6 = hex("""
            ffffffffffffffffffffffffffffffff 0087 02
            0000 0070
            90 0e 0035                         # MP_REACH_NLRI, extended length 53
              0002 01 20                       # ipv6-unicast, next hop 32 octets
              20010db8000000000000000000000001 # 2001:db8::1
              fe800000000000000000000000000001 # fe80::1
              00                               # reserved
              40 20010db800010002              # 2001:db8:1:2::/64
              30 20010db800ab                  # 2001:db8:ab::/48
            40 01 01 00                        # ORIGIN IGP
            50 02 000e 02 03 0000fde9 fa56ea01 0000fc00   # AS_PATH 65001 4200000001 64512
            80 04 04 00000064                  # MED 100
            c0 08 08 fde90064 ffffff01         # COMMUNITIES 65001:100 no-export
            c0 20 0c fa56ea01 00000001 00000002   # LARGE_COMMUNITY 4200000001:1:2
            """);

    /** IPv4 in the classic fields, attributes in a non-canonical order (NEXT_HOP before AS_PATH). */
    static final byte[] UPDATE_IPV4_CLASSIC = hex("""
            ffffffffffffffffffffffffffffffff 0062 02
            0000 0040
            40 01 01 00                        # ORIGIN IGP
            40 03 04 c0000201                  # NEXT_HOP 192.0.2.1
            40 02 0a 02 02 0000fde9 0000fdea   # AS_PATH 65001 65002
            80 04 04 00000000                  # MED 0
            c0 08 04 fde9012c                  # COMMUNITIES 65001:300
            c0 10 08 0002fde900000064          # EXTENDED_COMMUNITIES rt 65001:100
            c0 20 0c 0000fde9 00000064 000000c8   # LARGE_COMMUNITY 65001:100:200
            18 0a0101                          # 10.1.1.0/24
            20 c0a80001                        # 192.168.0.1/32
            08 0a                              # 10.0.0.0/8
            """);

    /**
     * A 2-octet session: AS_PATH 65001 65002 AS_TRANS AS_TRANS and AS4_PATH 65002 4200000001
     * 4200000002, i.e. 65001 is an OLD speaker that prepended itself; the real path is
     * 65001 65002 4200000001 4200000002 (RFC 6793 §4.2.3).
     */
    static final byte[] UPDATE_TWO_OCTET_AS4_PATH = hex("""
            ffffffffffffffffffffffffffffffff 0044 02
            0000 0029
            40 01 01 00                        # ORIGIN IGP
            40 02 0a 02 04 fde9 fdea 5ba0 5ba0 # AS_PATH, 2-octet
            40 03 04 c0000201                  # NEXT_HOP
            c0 11 0e 02 03 0000fdea fa56ea01 fa56ea02   # AS4_PATH
            18 cb0071                          # 203.0.113.0/24
            """);

    /** Every attribute kind at once, 4-octet session, COMMUNITIES with Extended Length though short. */
    static final byte[] UPDATE_ALL_ATTRIBUTES = hex("""
            ffffffffffffffffffffffffffffffff 00c3 02
            0004 18 c63364                     # withdrawn 198.51.100.0/24
            00a4
            40 01 01 02                        # ORIGIN INCOMPLETE
            40 02 1c                           # AS_PATH (65100) 65001 {65010,65011} [65200]
               03 01 0000fe4c
               02 01 0000fde9
               01 02 0000fdf2 0000fdf3
               04 01 0000feb0
            40 03 04 c0000201                  # NEXT_HOP 192.0.2.1
            80 04 04 000003e8                  # MED 1000
            40 05 04 000000c8                  # LOCAL_PREF 200
            40 06 00                           # ATOMIC_AGGREGATE
            c0 07 08 0000fde9 c0000202         # AGGREGATOR 65001 192.0.2.2
            d0 08 0008 ffff0000 ffff029a       # COMMUNITIES graceful-shutdown blackhole, extended length
            80 09 04 0a000009                  # ORIGINATOR_ID 10.0.0.9
            80 0a 08 0a000001 0a000002         # CLUSTER_LIST
            c0 10 10 0002fde900000064 000200010000000a   # EXTENDED_COMMUNITIES
            c0 20 18 0000fde9 00000001 00000002 0000fde9 00000003 00000004   # LARGE_COMMUNITY x2
            e0 63 03 010203                    # unknown optional transitive 99, Partial already set
            80 64 02 aabb                      # unknown optional non-transitive 100
            c0 23 04 0000fde9                  # OTC (RFC 9234), not modelled: kept raw
            16 c0a800                          # 192.168.0.0/22
            """);

    /** IPv6 withdrawal in MP_UNREACH_NLRI. */
    static final byte[] UPDATE_MP_UNREACH_IPV6 = hex("""
            ffffffffffffffffffffffffffffffff 002d 02
            0000 0016
            80 0f 13 0002 01 | 40 20010db800010002 | 30 20010db800ab
            """);

    /** End-of-RIB for IPv4 unicast: an UPDATE with nothing in it (RFC 4724 §2). */
    static final byte[] UPDATE_EOR_IPV4 = hex("ffffffffffffffffffffffffffffffff 0017 02 0000 0000");

    /** End-of-RIB for IPv6 unicast, MP_UNREACH_NLRI with Extended Length as FRR sends it. */
    static final byte[] UPDATE_EOR_IPV6 = hex("ffffffffffffffffffffffffffffffff 001e 02 0000 0007 90 0f 0003 0002 01");

    static final byte[] KEEPALIVE = hex("ffffffffffffffffffffffffffffffff 0013 04");

    static final byte[] NOTIFICATION_SHUTDOWN = hex("""
            ffffffffffffffffffffffffffffffff 0021 03
            06 02 0b 6d61696e74656e616e6365    # Cease / Administrative Shutdown "maintenance"
            """);

    static final byte[] NOTIFICATION_HOLD_TIMER = hex("ffffffffffffffffffffffffffffffff 0015 03 04 00");

    static final byte[] ROUTE_REFRESH_IPV6 = hex("ffffffffffffffffffffffffffffffff 0017 05 0002 00 01");

    static final byte[] ROUTE_REFRESH_BORR_IPV4 = hex("ffffffffffffffffffffffffffffffff 0017 05 0001 01 01");

    /** Every valid vector with the context to decode it in. */
    record Vector(String name, byte[] bytes, CodecContext ctx) {}

    static List<Vector> all() {
        return List.of(
                new Vector(
                        "OPEN one capability per parameter",
                        OPEN_ONE_CAPABILITY_PER_PARAMETER,
                        CodecContext.BEFORE_OPEN),
                new Vector("OPEN one parameter", OPEN_ONE_PARAMETER, CodecContext.BEFORE_OPEN),
                new Vector("OPEN extended parameters", OPEN_EXTENDED_PARAMETERS, CodecContext.BEFORE_OPEN),
                new Vector("UPDATE FRR IPv6", UPDATE_FRR_IPV6, Wire.FOUR_OCTET),
                new Vector("UPDATE IPv4 classic", UPDATE_IPV4_CLASSIC, Wire.FOUR_OCTET),
                new Vector("UPDATE 2-octet AS4_PATH", UPDATE_TWO_OCTET_AS4_PATH, Wire.TWO_OCTET),
                new Vector("UPDATE all attributes", UPDATE_ALL_ATTRIBUTES, Wire.FOUR_OCTET),
                new Vector("UPDATE MP_UNREACH IPv6", UPDATE_MP_UNREACH_IPV6, Wire.FOUR_OCTET),
                new Vector("UPDATE EoR IPv4", UPDATE_EOR_IPV4, Wire.FOUR_OCTET),
                new Vector("UPDATE EoR IPv6", UPDATE_EOR_IPV6, Wire.FOUR_OCTET),
                new Vector("KEEPALIVE", KEEPALIVE, Wire.FOUR_OCTET),
                new Vector("NOTIFICATION shutdown", NOTIFICATION_SHUTDOWN, Wire.FOUR_OCTET),
                new Vector("NOTIFICATION hold timer", NOTIFICATION_HOLD_TIMER, Wire.FOUR_OCTET),
                new Vector("ROUTE-REFRESH IPv6", ROUTE_REFRESH_IPV6, Wire.FOUR_OCTET),
                new Vector("ROUTE-REFRESH BoRR", ROUTE_REFRESH_BORR_IPV4, Wire.FOUR_OCTET));
    }
}
