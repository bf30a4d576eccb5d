package io.ovnbgp.chaos;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * BGP messages written octet by octet, without the project's codec: the fuzzer must be able to write what the
 * codec refuses to, and its expectations must not come from the code under test. 4-octet AS numbers throughout
 * (every fuzz session negotiates them).
 */
final class Wire {
    static final int OPEN = 1;
    static final int UPDATE = 2;
    static final int NOTIFICATION = 3;
    static final int KEEPALIVE = 4;
    static final int ROUTE_REFRESH = 5;

    // attribute flags (RFC 4271 §4.3)
    static final int OPTIONAL = 0x80;
    static final int TRANSITIVE = 0x40;
    static final int PARTIAL = 0x20;
    static final int EXTENDED = 0x10;
    static final int WELL_KNOWN = TRANSITIVE;
    static final int OPTIONAL_TRANSITIVE = OPTIONAL | TRANSITIVE;

    // attribute types
    static final int ORIGIN = 1;
    static final int AS_PATH = 2;
    static final int NEXT_HOP = 3;
    static final int MED = 4;
    static final int LOCAL_PREF = 5;
    static final int ATOMIC_AGGREGATE = 6;
    static final int AGGREGATOR = 7;
    static final int COMMUNITIES = 8;
    static final int ORIGINATOR_ID = 9;
    static final int CLUSTER_LIST = 10;
    static final int MP_REACH = 14;
    static final int MP_UNREACH = 15;
    static final int EXT_COMMUNITIES = 16;
    static final int AS4_PATH = 17;
    static final int LARGE_COMMUNITIES = 32;

    private Wire() {}

    /** A whole message: marker, the length of header and body, type, body. */
    static byte[] message(int type, byte[] body) {
        return message(type, body, 19 + body.length);
    }

    /** A message whose Length field says {@code length}, whatever the body's size. */
    static byte[] message(int type, byte[] body, int length) {
        byte[] m = new byte[19 + body.length];
        Arrays.fill(m, 0, 16, (byte) 0xFF);
        m[16] = (byte) (length >>> 8);
        m[17] = (byte) length;
        m[18] = (byte) type;
        System.arraycopy(body, 0, m, 19, body.length);
        return m;
    }

    static byte[] keepalive() {
        return message(KEEPALIVE, new byte[0]);
    }

    static byte[] notification(int code, int subcode) {
        return message(NOTIFICATION, new byte[] {(byte) code, (byte) subcode});
    }

    /**
     * An OPEN body: version, My AS (AS_TRANS above 65535), hold time, identifier, and the optional parameters; over
     * 255 octets they must be in RFC 9072's extended form, and the Optional Parameters Length says 255.
     */
    static byte[] openBody(int version, int myAs, int hold, int id, byte[] params) {
        Bytes b = new Bytes();
        b.u8(version)
                .u16(myAs)
                .u16(hold)
                .u32(id)
                .u8(Math.min(255, params.length))
                .raw(params);
        return b.toArray();
    }

    /** Capabilities in one optional parameter each (as FRR sends them). */
    static byte[] capabilityParams(byte[]... caps) {
        Bytes b = new Bytes();
        for (byte[] c : caps) {
            b.u8(2).u8(c.length).raw(c);
        }
        return b.toArray();
    }

    static byte[] capability(int code, byte[] value) {
        return new Bytes().u8(code).u8(value.length).raw(value).toArray();
    }

    static byte[] fourOctetAsCap(long as) {
        return capability(65, new Bytes().u32((int) as).toArray());
    }

    static byte[] multiprotocolCap(int afi, int safi) {
        return capability(1, new Bytes().u16(afi).u8(0).u8(safi).toArray());
    }

    static byte[] routeRefreshCap() {
        return capability(2, new byte[0]);
    }

    /** The OPEN every fuzz session sends when the OPEN is not the fault: IPv4 unicast, route refresh, 4-octet AS. */
    static byte[] goodOpen(long as, int id, int hold) {
        return message(
                OPEN,
                openBody(
                        4,
                        as > 0xFFFF ? 23456 : (int) as,
                        hold,
                        id,
                        capabilityParams(multiprotocolCap(1, 1), routeRefreshCap(), fourOctetAsCap(as))));
    }

    static byte[] attr(int flags, int type, byte[] value) {
        Bytes b = new Bytes().u8(flags).u8(type);
        if ((flags & EXTENDED) != 0) {
            b.u16(value.length);
        } else {
            b.u8(value.length);
        }
        return b.raw(value).toArray();
    }

    static byte[] origin(int value) {
        return attr(WELL_KNOWN, ORIGIN, new byte[] {(byte) value});
    }

    /** AS_PATH of one AS_SEQUENCE. */
    static byte[] asPath(long... asns) {
        return attr(WELL_KNOWN | (asns.length > 60 ? EXTENDED : 0), AS_PATH, asSegments(2, asns));
    }

    /** Segments of {@code type}, at most 255 ASes each (RFC 4271 §4.3). */
    static byte[] asSegments(int type, long... asns) {
        Bytes b = new Bytes();
        for (int i = 0; i < asns.length; i += 255) {
            int n = Math.min(255, asns.length - i);
            b.u8(type).u8(n);
            for (int k = 0; k < n; k++) {
                b.u32((int) asns[i + k]);
            }
        }
        return b.toArray();
    }

    static byte[] nextHop(int address) {
        return attr(WELL_KNOWN, NEXT_HOP, new Bytes().u32(address).toArray());
    }

    static byte[] u32Attr(int flags, int type, long v) {
        return attr(flags, type, new Bytes().u32((int) v).toArray());
    }

    /** A /len IPv4 prefix in NLRI form. */
    static byte[] prefix(int address, int len) {
        Bytes b = new Bytes().u8(len);
        for (int i = 0; i < (len + 7) / 8; i++) {
            b.u8(address >>> (24 - 8 * i));
        }
        return b.toArray();
    }

    /** An UPDATE body from its three parts, each already in wire form. */
    static byte[] updateBody(byte[] withdrawn, byte[] attributes, byte[] nlri) {
        return new Bytes()
                .u16(withdrawn.length)
                .raw(withdrawn)
                .u16(attributes.length)
                .raw(attributes)
                .raw(nlri)
                .toArray();
    }

    static byte[] update(byte[] withdrawn, byte[] attributes, byte[] nlri) {
        return message(UPDATE, updateBody(withdrawn, attributes, nlri));
    }

    static byte[] concat(byte[]... parts) {
        Bytes b = new Bytes();
        for (byte[] p : parts) {
            b.raw(p);
        }
        return b.toArray();
    }

    /** A growing byte array with big-endian writers. */
    static final class Bytes {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream(64);

        Bytes u8(int v) {
            out.write(v);
            return this;
        }

        Bytes u16(int v) {
            out.write(v >>> 8);
            out.write(v);
            return this;
        }

        Bytes u32(int v) {
            out.write(v >>> 24);
            out.write(v >>> 16);
            out.write(v >>> 8);
            out.write(v);
            return this;
        }

        Bytes raw(byte[] b) {
            out.write(b, 0, b.length);
            return this;
        }

        byte[] toArray() {
            return out.toByteArray();
        }
    }
}
