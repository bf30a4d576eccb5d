package io.ovnbgp.bgp.wire;

/**
 * ROUTE-REFRESH (RFC 2918) with the Message Subtype of Enhanced Route Refresh (RFC 7313). Unknown
 * subtypes are decoded as they are: RFC 7313 §5 says to ignore such a message, not to reject it.
 */
public record RouteRefreshMessage(AfiSafi family, int subtype) implements BgpMessage {

    /** A plain route refresh request. */
    public static final int NORMAL = 0;
    /** Beginning of Route Refresh (BoRR). */
    public static final int BEGINNING_OF_ROUTE_REFRESH = 1;
    /** End of Route Refresh (EoRR). */
    public static final int END_OF_ROUTE_REFRESH = 2;

    public RouteRefreshMessage {
        if (family == null) {
            throw new IllegalArgumentException("family is required");
        }
        if (subtype < 0 || subtype > 255) {
            throw new IllegalArgumentException("Message Subtype is one octet: " + subtype);
        }
    }

    public static RouteRefreshMessage request(AfiSafi family) {
        return new RouteRefreshMessage(family, NORMAL);
    }

    @Override
    public MessageType type() {
        return MessageType.ROUTE_REFRESH;
    }

    @Override
    public String toString() {
        String kind = switch (subtype) {
            case NORMAL -> "request";
            case BEGINNING_OF_ROUTE_REFRESH -> "BoRR";
            case END_OF_ROUTE_REFRESH -> "EoRR";
            default -> "subtype " + subtype;
        };
        return "ROUTE-REFRESH[" + family + " " + kind + "]";
    }
}
