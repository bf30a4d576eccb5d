package io.ovnbgp.ovsdb.client;

import java.util.regex.Pattern;

/**
 * A reference, inside one transaction, to the row an {@link Op.Insert} with the same {@code uuid-name} creates
 * (on the wire {@code ["named-uuid", "name"]}). Names follow RFC 7047's {@code <id>}: a letter or underscore,
 * then letters, digits and underscores.
 */
public record NamedUuid(String name) {
    private static final Pattern ID = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public NamedUuid {
        if (name == null || !ID.matcher(name).matches()) {
            throw new IllegalArgumentException(
                    "'" + name + "' is not a valid uuid-name (letters, digits, '_', not " + "starting with a digit)");
        }
    }

    static boolean isValid(String name) {
        return name != null && ID.matcher(name).matches();
    }

    @Override
    public String toString() {
        return "named-uuid:" + name;
    }
}
