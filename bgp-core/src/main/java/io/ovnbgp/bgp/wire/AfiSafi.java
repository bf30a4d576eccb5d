package io.ovnbgp.bgp.wire;

import java.util.Locale;

/**
 * An address family: AFI (RFC 4760, IANA "Address Family Numbers") and SAFI. Printed and parsed
 * in the configuration's spelling, e.g. {@code ipv4-unicast}.
 */
public record AfiSafi(int afi, int safi) {

    public static final int AFI_IPV4 = 1;
    public static final int AFI_IPV6 = 2;
    public static final int AFI_L2VPN = 25;

    public static final int SAFI_UNICAST = 1;
    public static final int SAFI_MULTICAST = 2;
    public static final int SAFI_LABELED_UNICAST = 4;
    public static final int SAFI_EVPN = 70;
    public static final int SAFI_MPLS_VPN = 128;
    public static final int SAFI_FLOWSPEC = 133;

    public static final AfiSafi IPV4_UNICAST = new AfiSafi(AFI_IPV4, SAFI_UNICAST);
    public static final AfiSafi IPV6_UNICAST = new AfiSafi(AFI_IPV6, SAFI_UNICAST);

    public AfiSafi {
        if (afi < 0 || afi > 0xFFFF) {
            throw new IllegalArgumentException("AFI " + afi + " is not a 2-octet value");
        }
        if (safi < 0 || safi > 0xFF) {
            throw new IllegalArgumentException("SAFI " + safi + " is not a 1-octet value");
        }
    }

    /** Whether this codec understands the NLRI of this family (IPv4 or IPv6 unicast). */
    public boolean isUnicastIp() {
        return safi == SAFI_UNICAST && (afi == AFI_IPV4 || afi == AFI_IPV6);
    }

    /** Parses the spelling {@link #toString()} produces, e.g. "ipv6-unicast" or "afi-25-safi-70". */
    public static AfiSafi parse(String text) {
        String s = text.trim().toLowerCase(Locale.ROOT);
        int dash = s.indexOf('-');
        if (dash <= 0) {
            throw new IllegalArgumentException("not an address family: '" + text + "'");
        }
        if (s.startsWith("afi-")) {
            String[] parts = s.split("-");
            if (parts.length == 4 && parts[2].equals("safi")) {
                try {
                    return new AfiSafi(Integer.parseInt(parts[1]), Integer.parseInt(parts[3]));
                } catch (NumberFormatException e) {
                    // fall through to the error below
                }
            }
            throw new IllegalArgumentException("not an address family: '" + text + "'");
        }
        int afi = afiNumber(s.substring(0, dash));
        int safi = safiNumber(s.substring(dash + 1));
        if (afi < 0 || safi < 0) {
            throw new IllegalArgumentException("not an address family: '" + text + "'");
        }
        return new AfiSafi(afi, safi);
    }

    @Override
    public String toString() {
        String a = afiName(afi);
        String s = safiName(safi);
        if (a == null || s == null) {
            return "afi-" + afi + "-safi-" + safi;
        }
        return a + "-" + s;
    }

    private static String afiName(int afi) {
        return switch (afi) {
            case AFI_IPV4 -> "ipv4";
            case AFI_IPV6 -> "ipv6";
            case AFI_L2VPN -> "l2vpn";
            default -> null;
        };
    }

    private static String safiName(int safi) {
        return switch (safi) {
            case SAFI_UNICAST -> "unicast";
            case SAFI_MULTICAST -> "multicast";
            case SAFI_LABELED_UNICAST -> "labeled-unicast";
            case SAFI_EVPN -> "evpn";
            case SAFI_MPLS_VPN -> "vpn";
            case SAFI_FLOWSPEC -> "flowspec";
            default -> null;
        };
    }

    private static int afiNumber(String name) {
        return switch (name) {
            case "ipv4" -> AFI_IPV4;
            case "ipv6" -> AFI_IPV6;
            case "l2vpn" -> AFI_L2VPN;
            default -> -1;
        };
    }

    private static int safiNumber(String name) {
        return switch (name) {
            case "unicast" -> SAFI_UNICAST;
            case "multicast" -> SAFI_MULTICAST;
            case "labeled-unicast" -> SAFI_LABELED_UNICAST;
            case "evpn" -> SAFI_EVPN;
            case "vpn" -> SAFI_MPLS_VPN;
            case "flowspec" -> SAFI_FLOWSPEC;
            default -> -1;
        };
    }
}
