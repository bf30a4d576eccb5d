package io.ovnbgp.ovsdb.client;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * One OVSDB remote as ovn-nbctl spells it: {@code unix:PATH}, {@code tcp:HOST:PORT} or {@code ssl:HOST:PORT}
 * (an IPv6 host in brackets: {@code tcp:[::1]:6641}).
 */
public record OvsdbRemote(Kind kind, String host, int port, Path path) {
    public enum Kind {
        UNIX,
        TCP,
        SSL
    }

    public OvsdbRemote {
        if (kind == Kind.UNIX ? path == null : host == null || port <= 0 || port > 65535) {
            throw new IllegalArgumentException("incomplete remote " + kind + " " + host + ":" + port + " " + path);
        }
    }

    public static OvsdbRemote unix(Path path) {
        return new OvsdbRemote(Kind.UNIX, null, 0, path);
    }

    public static OvsdbRemote tcp(String host, int port) {
        return new OvsdbRemote(Kind.TCP, host, port, null);
    }

    /** Parses one remote; the message names what is wrong in the administrator's terms. */
    public static OvsdbRemote parse(String spec) {
        String s = spec.trim();
        if (s.startsWith("unix:")) {
            String p = s.substring(5);
            if (p.isEmpty()) {
                throw new IllegalArgumentException("'" + spec + "': unix: needs a socket path");
            }
            return unix(Path.of(p));
        }
        Kind kind;
        if (s.startsWith("tcp:")) {
            kind = Kind.TCP;
        } else if (s.startsWith("ssl:")) {
            kind = Kind.SSL;
        } else {
            throw new IllegalArgumentException("'" + spec + "': expected unix:PATH, tcp:HOST:PORT or ssl:HOST:PORT");
        }
        String rest = s.substring(4);
        String host;
        String portText;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0 || close + 1 >= rest.length() || rest.charAt(close + 1) != ':') {
                throw new IllegalArgumentException("'" + spec + "': an IPv6 host is written [ADDR]:PORT");
            }
            host = rest.substring(1, close);
            portText = rest.substring(close + 2);
        } else {
            int colon = rest.lastIndexOf(':');
            if (colon <= 0) {
                throw new IllegalArgumentException("'" + spec + "': missing :PORT");
            }
            host = rest.substring(0, colon);
            portText = rest.substring(colon + 1);
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + spec + "': port '" + portText + "' is not a number");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("'" + spec + "': port " + port + " is outside 1-65535");
        }
        return new OvsdbRemote(kind, host, port, null);
    }

    /** Parses a comma-separated list (the members of a RAFT cluster). */
    public static List<OvsdbRemote> parseList(String specs) {
        List<OvsdbRemote> out = new ArrayList<>();
        for (String part : specs.split(",")) {
            if (!part.isBlank()) {
                out.add(parse(part));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no remote given");
        }
        return List.copyOf(out);
    }

    @Override
    public String toString() {
        return switch (kind) {
            case UNIX -> "unix:" + path;
            case TCP -> "tcp:" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
            case SSL -> "ssl:" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        };
    }
}
