package io.ovnbgp.bgp.rib;

import io.ovnbgp.bgp.wire.IpAddress;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/** The session's socket addresses as the RIB's {@link IpAddress}es. */
final class Addresses {
    private Addresses() {}

    static IpAddress ip(InetSocketAddress a) {
        return a == null ? null : ip(a.getAddress());
    }

    static IpAddress ip(InetAddress a) {
        if (a == null) {
            return null;
        }
        byte[] b = a.getAddress();
        if (b.length == 4) {
            return IpAddress.v4(((b[0] & 0xFF) << 24) | ((b[1] & 0xFF) << 16) | ((b[2] & 0xFF) << 8) | (b[3] & 0xFF));
        }
        long hi = 0;
        long lo = 0;
        for (int i = 0; i < 8; i++) {
            hi = (hi << 8) | (b[i] & 0xFF);
            lo = (lo << 8) | (b[i + 8] & 0xFF);
        }
        return IpAddress.v6(hi, lo);
    }
}
