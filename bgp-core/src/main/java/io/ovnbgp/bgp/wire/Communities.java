package io.ovnbgp.bgp.wire;

import java.util.Arrays;
import java.util.Locale;

/** COMMUNITIES (RFC 1997): 32-bit values in received order, as an int array (one per route is too many objects). */
public record Communities(int[] values) implements PathAttribute {

    public static final Communities NONE = new Communities(new int[0]);

    /** RFC 1997 §2 well-known communities. */
    public static final int NO_EXPORT = 0xFFFFFF01;

    public static final int NO_ADVERTISE = 0xFFFFFF02;
    public static final int NO_EXPORT_SUBCONFED = 0xFFFFFF03;
    /** RFC 8326. */
    public static final int GRACEFUL_SHUTDOWN = 0xFFFF0000;
    /** RFC 7999. */
    public static final int BLACKHOLE = 0xFFFF029A;

    public Communities {
        values = values.clone();
    }

    public static Communities of(int... values) {
        return new Communities(values);
    }

    /** The community "asn:value" with both halves 16-bit. */
    public static int community(int asn, int value) {
        if ((asn & ~0xFFFF) != 0 || (value & ~0xFFFF) != 0) {
            throw new IllegalArgumentException("community halves are 16-bit: " + asn + ":" + value);
        }
        return (asn << 16) | value;
    }

    /** Parses "65001:100" or a well-known name ("no-export", "no-advertise", "no-export-subconfed", "graceful-shutdown", "blackhole"). */
    public static int parse(String text) {
        String s = text.trim();
        Integer wellKnown = switch (s.toLowerCase(Locale.ROOT)) {
            case "no-export" -> NO_EXPORT;
            case "no-advertise" -> NO_ADVERTISE;
            case "no-export-subconfed" -> NO_EXPORT_SUBCONFED;
            case "graceful-shutdown" -> GRACEFUL_SHUTDOWN;
            case "blackhole" -> BLACKHOLE;
            default -> null;
        };
        if (wellKnown != null) {
            return wellKnown;
        }
        int colon = s.indexOf(':');
        try {
            if (colon > 0) {
                return community(Integer.parseInt(s.substring(0, colon)), Integer.parseInt(s.substring(colon + 1)));
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException("not a community: '" + text + "'");
    }

    @Override
    public int typeCode() {
        return AttributeType.COMMUNITIES.code();
    }

    @Override
    public int[] values() {
        return values.clone();
    }

    public int size() {
        return values.length;
    }

    public boolean isEmpty() {
        return values.length == 0;
    }

    public int get(int i) {
        return values[i];
    }

    public boolean contains(int community) {
        for (int v : values) {
            if (v == community) {
                return true;
            }
        }
        return false;
    }

    public boolean hasNoExport() {
        return contains(NO_EXPORT);
    }

    public boolean hasNoAdvertise() {
        return contains(NO_ADVERTISE);
    }

    public boolean hasNoExportSubconfed() {
        return contains(NO_EXPORT_SUBCONFED);
    }

    public boolean hasGracefulShutdown() {
        return contains(GRACEFUL_SHUTDOWN);
    }

    public boolean hasBlackhole() {
        return contains(BLACKHOLE);
    }

    /** These communities plus {@code community}, unless already present. */
    public Communities with(int community) {
        if (contains(community)) {
            return this;
        }
        int[] v = Arrays.copyOf(values, values.length + 1);
        v[values.length] = community;
        return new Communities(v);
    }

    static String format(int c) {
        return switch (c) {
            case NO_EXPORT -> "no-export";
            case NO_ADVERTISE -> "no-advertise";
            case NO_EXPORT_SUBCONFED -> "no-export-subconfed";
            case GRACEFUL_SHUTDOWN -> "graceful-shutdown";
            case BLACKHOLE -> "blackhole";
            default -> (c >>> 16) + ":" + (c & 0xFFFF);
        };
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Communities c && Arrays.equals(c.values, values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (int v : values) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            sb.append(format(v));
        }
        return sb.toString();
    }
}
