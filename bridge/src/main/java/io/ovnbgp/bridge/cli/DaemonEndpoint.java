package io.ovnbgp.bridge.cli;

import io.ovnbgp.bridge.config.BridgeConfig;
import java.net.URI;

/**
 * Where the CLI finds the daemon's HTTP endpoint: {@code --url}, else the {@code metrics} address and port of
 * {@code --config} (a wildcard listen address is reached on the loopback of the same family), else the default.
 */
public final class DaemonEndpoint {
    public static final String DEFAULT_URL = "http://127.0.0.1:9473";

    private DaemonEndpoint() {}

    /** The base URL (no trailing slash). */
    public static URI resolve(String url, BridgeConfig config) {
        String base;
        if (url != null && !url.isBlank()) {
            base = url.strip();
        } else if (config != null) {
            base = "http://" + hostPart(config.metrics().address()) + ":"
                    + config.metrics().port();
        } else {
            base = DEFAULT_URL;
        }
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        URI u = URI.create(base);
        if (u.getScheme() == null || u.getHost() == null) {
            throw new IllegalArgumentException("--url: not an http URL: " + url);
        }
        return u;
    }

    /** The address to connect to for a listen address, bracketed when IPv6. */
    static String hostPart(String listenAddress) {
        String a = listenAddress == null || listenAddress.isBlank() ? "127.0.0.1" : listenAddress.strip();
        if (a.equals("0.0.0.0")) {
            a = "127.0.0.1";
        } else if (a.equals("::") || a.equals("[::]") || a.equals("0:0:0:0:0:0:0:0")) {
            a = "::1";
        }
        if (a.startsWith("[")) {
            return a;
        }
        return a.contains(":") ? "[" + a + "]" : a;
    }
}
