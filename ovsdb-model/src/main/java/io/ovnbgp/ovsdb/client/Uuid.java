package io.ovnbgp.ovsdb.client;

import java.util.Objects;
import java.util.UUID;

/** The {@code _uuid} of an OVSDB row (on the wire {@code ["uuid", "…"]}). */
public record Uuid(UUID value) implements Comparable<Uuid> {
    public Uuid {
        Objects.requireNonNull(value, "value");
    }

    /** Parses the canonical 8-4-4-4-12 hex form; the message quotes what was given. */
    public static Uuid of(String text) {
        if (text == null || text.length() != 36) {
            throw new IllegalArgumentException("'" + text + "' is not a UUID (expected 8-4-4-4-12 hex digits)");
        }
        try {
            return new Uuid(UUID.fromString(text));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "' is not a UUID (expected 8-4-4-4-12 hex digits)", e);
        }
    }

    @Override
    public int compareTo(Uuid o) {
        return value.toString().compareTo(o.value.toString());
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
