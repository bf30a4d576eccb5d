package io.ovnbgp.ovsdb.nb;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Which OVSDB monitor method the Northbound client uses. {@link #AUTO} takes the newest the server offers:
 * {@code monitor_cond_since} (update3: diffs, and a reconnect resumes from the last transaction id), else
 * {@code monitor_cond} (update2: diffs, conditions), else {@code monitor} (RFC 7047: whole old and new values of
 * every changed column). The others force one method, for tests and for servers that misbehave with a newer one.
 */
public enum MonitorMode {
    AUTO("auto"),
    MONITOR_COND_SINCE("monitor_cond_since"),
    MONITOR_COND("monitor_cond"),
    MONITOR("monitor");

    private final String text;

    MonitorMode(String text) {
        this.text = text;
    }

    /** As the configuration and /status spell it: the JSON-RPC method's name, or "auto". */
    public String text() {
        return text;
    }

    public static MonitorMode parse(String s) {
        for (MonitorMode m : values()) {
            if (m.text.equals(s)) {
                return m;
            }
        }
        throw new IllegalArgumentException("not a monitor mode: '" + s + "' (one of "
                + Arrays.stream(values()).map(MonitorMode::text).collect(Collectors.joining(", ")) + ")");
    }
}
