package io.ovnbgp.bridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code ovn-bgp-bridge routes} from the daemon's {@code /routes} JSON (or one prefix's {@code /status?prefix=}),
 * laid out like {@code show ip bgp}: each learned prefix with its paths and, under them, the OVN rows it became;
 * then each originated prefix with the peers it was sent to.
 */
public final class RoutesText {
    static final String CODES =
            "Status codes: > best, = ECMP (multipath), S stale. OVN rows: uuid (first 8)," + " next hop, whose row.";

    private RoutesText() {}

    public static String render(JsonNode r) {
        StringBuilder b = new StringBuilder();
        JsonNode learned = r.path("learned");
        b.append("Learned prefixes: ")
                .append(r.path("learnedTotal").asLong(learned.size()))
                .append('\n');
        if (!learned.isEmpty()) {
            b.append(CODES).append("\n\n");
            TextTable t = new TextTable(List.of("   Network", "Next Hop", "Peer", "AS Path"));
            for (JsonNode e : learned) {
                learnedRows(t, e);
            }
            b.append(t.render(""));
        }
        more(b, r.path("learnedMore").asLong(), "learned");
        JsonNode originated = r.path("originated");
        b.append("\nOriginated prefixes: ")
                .append(r.path("originatedTotal").asLong(originated.size()))
                .append('\n');
        if (!originated.isEmpty()) {
            b.append('\n');
            TextTable t = new TextTable(List.of("Network", "Kinds", "Advertised to"));
            for (JsonNode o : originated) {
                List<String> to = new ArrayList<>();
                for (JsonNode a : o.path("advertisedTo")) {
                    to.add(a.path("peer").asText() + " (next hop " + StatusText.text(a.path("nextHop"))
                            + (a.path("asPath").asText().isEmpty()
                                    ? ""
                                    : ", AS path " + a.path("asPath").asText())
                            + ")");
                }
                t.add(List.of(
                        o.path("prefix").asText(),
                        join(o.path("tags")),
                        to.isEmpty() ? "no peer" : String.join(", ", to)));
            }
            b.append(t.render(""));
        }
        more(b, r.path("originatedMore").asLong(), "originated");
        return b.toString();
    }

    /** The rows of one learned prefix: a line per path, then a line per OVN row. */
    private static void learnedRows(TextTable t, JsonNode e) {
        String prefix = e.path("prefix").asText();
        boolean first = true;
        for (JsonNode p : e.path("paths")) {
            String code = (p.path("stale").asBoolean() ? "S" : "*")
                    + (p.path("best").asBoolean() ? ">" : p.path("multipath").asBoolean() ? "=" : " ");
            String asPath = p.path("asPath").asText();
            t.add(List.of(
                    code + " " + (first ? prefix : ""),
                    StatusText.text(p.path("nextHop")),
                    p.path("peer").asText() + " (" + StatusText.text(p.path("peerAddress")) + ")",
                    asPath.isEmpty() ? "(local AS)" : asPath));
            first = false;
        }
        if (first) {
            t.add(List.of("   " + prefix, "-", "no path", ""));
        }
        String router = e.path("router").asText("router");
        JsonNode rows = e.path("rows");
        if (rows.isEmpty()) {
            t.note("      OVN " + router + ": no row"
                    + (e.path("heldBack").asBoolean() ? " (held back: ovn.maxRoutes reached)" : ""));
        }
        for (JsonNode row : rows) {
            String uuid = row.path("uuid").asText();
            String whose = row.path("ours").asBoolean() ? "ours" : "not ours";
            String bfd = row.has("bfd")
                    ? ", BFD "
                            + (row.path("bfd").asText().isEmpty()
                                    ? "-"
                                    : row.path("bfd").asText())
                    : "";
            t.note("      OVN " + router + " " + uuid.substring(0, Math.min(8, uuid.length())) + " via "
                    + row.path("nexthop").asText() + " (" + whose + bfd + ")");
        }
    }

    /**
     * The same document for one prefix, built from {@code /status?prefix=P}'s {@code route} and the status around
     * it, so that one prefix prints exactly as in the whole table.
     */
    public static ObjectNode fromPrefixView(JsonNode status) {
        JsonNode route = status.path("route");
        ObjectNode doc = DaemonClient.JSON.createObjectNode();
        ArrayNode learned = doc.putArray("learned");
        if (!route.path("bgpPaths").isEmpty() || !route.path("rows").isEmpty()) {
            ObjectNode e = learned.addObject();
            e.put("prefix", route.path("prefix").asText());
            e.set("paths", route.path("bgpPaths"));
            e.put("router", status.path("ovnRouter").asText());
            e.set("nextHops", route.path("nextHops"));
            e.put("heldBack", route.path("heldBack").asBoolean());
            e.set("rows", route.path("rows"));
        }
        doc.put("learnedTotal", learned.size());
        ArrayNode originated = doc.putArray("originated");
        if (route.hasNonNull("originated")) {
            ObjectNode o = originated.addObject();
            o.put("prefix", route.path("prefix").asText());
            o.setAll((ObjectNode) route.path("originated"));
            o.set("advertisedTo", route.path("advertisedTo"));
        }
        doc.put("originatedTotal", originated.size());
        return doc;
    }

    private static void more(StringBuilder b, long more, String what) {
        if (more > 0) {
            b.append("... ")
                    .append(more)
                    .append(" more ")
                    .append(what)
                    .append(" prefixes not shown (raise --limit, or ask for one PREFIX)\n");
        }
    }

    private static String join(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out.isEmpty() ? "-" : String.join(",", out);
    }
}
