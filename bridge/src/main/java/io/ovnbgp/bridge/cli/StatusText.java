package io.ovnbgp.bridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ovn-bgp-bridge status} from the daemon's {@code /status} JSON, laid out like a router's
 * {@code show bgp summary}: a heading, one line per peer, then one line for OVN Northbound.
 */
public final class StatusText {
    private StatusText() {}

    public static String render(JsonNode s) {
        StringBuilder b = new StringBuilder();
        heading(b, s);
        b.append("\n\n");
        if (s.path("peers").isEmpty()) {
            b.append("No peers configured.\n");
        } else {
            b.append(peerTable(s.path("peers")).render(""));
        }
        b.append('\n').append(ovnLine(s)).append('\n');
        return b.toString();
    }

    /** Version, node, local AS, router ID and where BGP listens. */
    private static void heading(StringBuilder b, JsonNode s) {
        b.append("ovn-bgp-bridge ")
                .append(text(s.path("version")))
                .append(", node ")
                .append(text(s.path("node")))
                .append(": local AS ")
                .append(text(s.path("localASN")))
                .append(", router ID ")
                .append(text(s.path("routerID")));
        if (s.has("bgpListenPort")) {
            int port = s.path("bgpListenPort").asInt();
            b.append(port > 0 ? ", BGP port " + port : ", not listening (connects only)");
        }
    }

    /** One line per peer: state, up/down time, prefix and message counts, last error. */
    private static TextTable peerTable(JsonNode peerList) {
        TextTable peers = new TextTable(
                List.of(
                        "Peer",
                        "Address",
                        "AS",
                        "State",
                        "Up/Down",
                        "PfxRcd",
                        "PfxAcc",
                        "PfxSnt",
                        "MsgRcvd",
                        "MsgSent",
                        "Last error"),
                false,
                false,
                true,
                false,
                true,
                true,
                true,
                true,
                true,
                true,
                false);
        for (JsonNode p : peerList) {
            JsonNode pfx = p.path("prefixes");
            peers.add(List.of(
                    text(p.path("name")),
                    text(p.path("address")),
                    text(p.path("asn")),
                    text(p.path("state")),
                    upDown(p),
                    count(pfx.path("received")),
                    count(pfx.path("accepted")),
                    count(pfx.path("advertised")),
                    String.valueOf(sum(p.path("messagesReceived"))),
                    String.valueOf(sum(p.path("messagesSent"))),
                    lastError(p.path("lastError"))));
        }
        return peers;
    }

    /** Up for so long when Established; else down for so long, or "never" for a session never Established. */
    static String upDown(JsonNode p) {
        if (!"Established".equals(p.path("state").asText())
                && p.path("timesEstablished").asLong(1) == 0) {
            return "never";
        }
        if (!p.has("upDownSeconds")) {
            return UpDownTime.format(p.path("uptimeSeconds").asLong());
        }
        return UpDownTime.format(p.path("upDownSeconds").asLong());
    }

    static String ovnLine(JsonNode s) {
        JsonNode nb = s.path("northbound");
        JsonNode routes = s.path("routes");
        List<String> parts = new ArrayList<>();
        StringBuilder link =
                new StringBuilder("OVN ").append(text(nb.path("remote"))).append(": ");
        if (nb.path("connected").asBoolean()) {
            link.append("connected");
            if (nb.has("leader")) {
                String model = nb.path("model").asText("");
                link.append(nb.path("leader").asBoolean() ? ", leader" : ", not leader");
                if (!model.isEmpty()) {
                    link.append(" (").append(model).append(')');
                }
            }
            if (!nb.path("ready").asBoolean(true)) {
                link.append(", not ready");
            }
            JsonNode mon = nb.path("monitor");
            if (mon.hasNonNull("method")) {
                link.append(", ")
                        .append(mon.path("method").asText())
                        .append(" (")
                        .append(mon.path("fullDumps").asLong())
                        .append(" full dumps, ")
                        .append(mon.path("resumes").asLong())
                        .append(" resumed)");
            }
        } else {
            link.append("disconnected");
            if (!nb.path("lastError").isNull() && !nb.path("lastError").asText().isEmpty()) {
                link.append(" (").append(nb.path("lastError").asText()).append(')');
            }
        }
        parts.add(link.toString());
        parts.add(text(routes.path("router")) + ": " + routes.path("rowsOwned").asLong() + " rows owned, "
                + routes.path("heldBack").asLong() + " held back"
                + (routes.path("converged").asBoolean(true)
                        ? ""
                        : ", converging (waiting for "
                                + routes.path("waitingFor").asText() + ")"));
        JsonNode lag = routes.path("syncLag");
        if (lag.path("samples").asLong() > 0) {
            parts.add("sync lag p50 " + lag.path("p50Ms").asText() + " ms, p99 "
                    + lag.path("p99Ms").asText() + " ms (last "
                    + lag.path("samples").asLong() + " route changes)");
        } else {
            parts.add("sync lag: no route change yet");
        }
        return String.join("; ", parts);
    }

    private static String count(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? "-" : n.asText();
    }

    private static long sum(JsonNode counters) {
        long t = 0;
        for (JsonNode v : counters) {
            t += v.asLong();
        }
        return t;
    }

    private static String lastError(JsonNode n) {
        return n.isNull() || n.isMissingNode() || n.asText().isEmpty() ? "-" : n.asText();
    }

    static String text(JsonNode n) {
        return n.isMissingNode() || n.isNull() ? "?" : n.asText();
    }
}
