package io.ovnbgp.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * The bridge's Loc-RIB as {@code /routes} shows it: the rows NB must hold (each prefix's best and multipath next
 * hops, stale ones included: graceful restart keeps them in use), and one peer's paths apart, to compare with what
 * that peer sent. And the peer's line of {@code /status}.
 */
record LocRib(Set<String> wantedRows, Set<String> peerRoutes, long peerStale) {
    static LocRib read(BridgeProcess bridge, String peer) throws IOException, InterruptedException {
        JsonNode routes = bridge.json("/routes?limit=100000");
        if (routes.path("learnedMore").asLong(0) > 0) {
            throw new IOException("/routes cut the table: " + routes.path("learnedTotal"));
        }
        Set<String> wanted = new HashSet<>();
        Set<String> mine = new HashSet<>();
        long stale = 0;
        for (JsonNode e : routes.path("learned")) {
            String prefix = e.path("prefix").asText();
            for (JsonNode p : e.path("paths")) {
                String route = NbSampler.route(prefix, p.path("nextHop").asText());
                if (p.path("best").asBoolean() || p.path("multipath").asBoolean()) {
                    wanted.add(route);
                }
                if (peer.equals(p.path("peer").asText())) {
                    mine.add(route);
                    stale += p.path("stale").asBoolean() ? 1 : 0;
                }
            }
        }
        return new LocRib(wanted, mine, stale);
    }

    /** The peer's entry in {@code /status} ({@code state}, {@code prefixes.accepted}, {@code prefixes.stale}). */
    static JsonNode peerStatus(BridgeProcess bridge, String peer) throws IOException, InterruptedException {
        for (JsonNode p : bridge.json("/status").path("peers")) {
            if (peer.equals(p.path("name").asText())) {
                return p;
            }
        }
        throw new IOException("no peer " + peer + " in /status");
    }

    /** What is in {@code a} and not in {@code b}. */
    static <T> Set<T> minus(Set<T> a, Set<T> b) {
        Set<T> d = new HashSet<>(a);
        d.removeAll(b);
        return d;
    }
}
