package io.ovnbgp.bgp.transport;

import io.netty.channel.unix.IntegerUnixChannelOption;

/**
 * IP-level socket options Netty does not name, set through epoll's generic integer option. Linux values from
 * {@code <netinet/in.h>}.
 */
final class SocketOptions {
    private static final int IPPROTO_IP = 0;
    private static final int IPPROTO_IPV6 = 41;

    /** The TTL of what we send (eBGP multihop, GTSM's 255). */
    static final IntegerUnixChannelOption IP_TTL = new IntegerUnixChannelOption("IP_TTL", IPPROTO_IP, 2);
    /** RFC 5082 GTSM: the kernel drops segments that arrive with a lower TTL. */
    static final IntegerUnixChannelOption IP_MINTTL = new IntegerUnixChannelOption("IP_MINTTL", IPPROTO_IP, 21);

    static final IntegerUnixChannelOption IPV6_UNICAST_HOPS =
            new IntegerUnixChannelOption("IPV6_UNICAST_HOPS", IPPROTO_IPV6, 16);
    static final IntegerUnixChannelOption IPV6_MINHOPCOUNT =
            new IntegerUnixChannelOption("IPV6_MINHOPCOUNT", IPPROTO_IPV6, 73);

    private SocketOptions() {}
}
