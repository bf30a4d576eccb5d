package io.ovnbgp.bgp.wire;

import java.util.Arrays;
import java.util.List;

/**
 * A capability advertised in OPEN (RFC 5492). Capabilities this codec does not model arrive as
 * {@link Unknown} so that the session can ignore them and re-encoding stays byte-exact.
 */
public sealed interface Capability {

    int MULTIPROTOCOL = 1;
    int ROUTE_REFRESH = 2;
    int EXTENDED_MESSAGE = 6;
    int GRACEFUL_RESTART = 64;
    int FOUR_OCTET_AS = 65;
    int ENHANCED_ROUTE_REFRESH = 70;
    /** The pre-standard route refresh code some Cisco-lineage peers still send; kept as {@link Unknown}. */
    int ROUTE_REFRESH_OLD_CISCO = 128;

    /** The Capability Code octet. */
    int code();

    /** Multiprotocol Extensions (RFC 4760 §8). */
    record Multiprotocol(AfiSafi family) implements Capability {
        public Multiprotocol {
            if (family == null) {
                throw new IllegalArgumentException("family is required");
            }
        }

        @Override
        public int code() {
            return MULTIPROTOCOL;
        }
    }

    /** Route Refresh (RFC 2918). */
    record RouteRefresh() implements Capability {
        @Override
        public int code() {
            return ROUTE_REFRESH;
        }
    }

    /** Enhanced Route Refresh (RFC 7313). */
    record EnhancedRouteRefresh() implements Capability {
        @Override
        public int code() {
            return ENHANCED_ROUTE_REFRESH;
        }
    }

    /** Extended Message (RFC 8654): messages other than OPEN and KEEPALIVE may reach 65535 octets. */
    record ExtendedMessage() implements Capability {
        @Override
        public int code() {
            return EXTENDED_MESSAGE;
        }
    }

    /** Support for 4-octet AS numbers, carrying the speaker's real AS (RFC 6793 §3). */
    record FourOctetAs(long as) implements Capability {
        public FourOctetAs {
            if (as < 0 || as > 0xFFFFFFFFL) {
                throw new IllegalArgumentException("AS " + as + " is not a 4-octet value");
            }
        }

        @Override
        public int code() {
            return FOUR_OCTET_AS;
        }
    }

    /**
     * Graceful Restart (RFC 4724 §3). {@code restartState} is the R bit, {@code notification}
     * the N bit of RFC 8538 (graceful restart also after a NOTIFICATION).
     */
    record GracefulRestart(boolean restartState, boolean notification, int restartTimeSeconds, List<GrFamily> families)
            implements Capability {
        /** The Restart Time field has 12 bits. */
        public static final int MAX_RESTART_TIME = 0xFFF;

        public GracefulRestart {
            if (restartTimeSeconds < 0 || restartTimeSeconds > MAX_RESTART_TIME) {
                throw new IllegalArgumentException("restart time " + restartTimeSeconds + " exceeds 12 bits");
            }
            families = List.copyOf(families);
        }

        @Override
        public int code() {
            return GRACEFUL_RESTART;
        }
    }

    /** A family in the Graceful Restart capability; F bit = forwarding state preserved. */
    record GrFamily(AfiSafi family, boolean forwardingPreserved) {
        public GrFamily {
            if (family == null) {
                throw new IllegalArgumentException("family is required");
            }
        }
    }

    /** Any capability not modelled above, value kept as received. */
    record Unknown(int code, byte[] value) implements Capability {
        public Unknown {
            if (code < 0 || code > 255) {
                throw new IllegalArgumentException("capability code " + code + " is not one octet");
            }
            if (value.length > 255) {
                throw new IllegalArgumentException("capability value of " + value.length + " octets exceeds 255");
            }
            value = value.clone();
        }

        @Override
        public byte[] value() {
            return value.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Unknown u && u.code == code && Arrays.equals(u.value, value);
        }

        @Override
        public int hashCode() {
            return code * 31 + Arrays.hashCode(value);
        }

        @Override
        public String toString() {
            return "Unknown[code=" + code + ", value=" + Hex.of(value, 255) + "]";
        }
    }
}
