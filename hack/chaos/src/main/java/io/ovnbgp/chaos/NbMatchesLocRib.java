package io.ovnbgp.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Whether NB holds exactly what the bridge's Loc-RIB holds, which must be exactly what the peer said: our rows (the
 * owner external_id) one per prefix, each with the peer's next hop, no duplicate, none missing, none extra; the
 * Loc-RIB's best path per prefix ({@code /routes?limit=100000}) the same.
 */
final class NbMatchesLocRib {
    private static final Duration POLL = Duration.ofMillis(250);
    /** After the first exact state, how long NB must stay exact: a late write of a stale transaction would show. */
    private static final Duration STABLE = Duration.ofSeconds(2);

    private final BridgeProcess bridge;
    private final Supplier<String> ourRowsCsv;

    /** {@code ourRowsCsv}: ovn-nbctl's {@code --format=csv --columns=ip_prefix,nexthop find} of our rows. */
    NbMatchesLocRib(BridgeProcess bridge, Supplier<String> ourRowsCsv) {
        this.bridge = bridge;
        this.ourRowsCsv = ourRowsCsv;
    }

    /** The nbctl arguments that list our rows' prefix and next hop for {@code node}. */
    static String[] findOurRows(String node) {
        return new String[] {
            "--format=csv",
            "--no-headings",
            "--columns=ip_prefix,nexthop",
            "find",
            "Logical_Router_Static_Route",
            "external_ids:ovn-bgp-bridge/owner=" + node
        };
    }

    /** One look: how far NB and the Loc-RIB are from the model; {@code exact()} when nowhere. */
    record Look(int nbRows, int duplicates, int missing, int extra, int ribWrong, String error) {
        boolean exact() {
            return error == null && duplicates == 0 && missing == 0 && extra == 0 && ribWrong == 0;
        }

        @Override
        public String toString() {
            return error != null
                    ? error
                    : "NB rows " + nbRows + ", duplicates " + duplicates + ", missing " + missing + ", extra/wrong "
                            + extra + ", Loc-RIB differing " + ribWrong;
        }
    }

    /**
     * Waits, bounded by {@code timeout}, until NB and the Loc-RIB equal {@code model}, then that NB stays so for
     * {@link #STABLE}. Returns the seconds from {@code fromNanos} to the first exact look, or -1 with the last look
     * in {@code last[0]}.
     */
    double await(Map<String, String> model, long fromNanos, Duration timeout, Look[] last) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            Look nb = lookNb(model);
            last[0] = nb;
            if (nb.exact()) {
                long at = System.nanoTime();
                Look full = withRib(nb, model);
                last[0] = full;
                if (full.exact()) {
                    Thread.sleep(STABLE.toMillis());
                    Look again = lookNb(model);
                    last[0] = again;
                    if (again.exact()) {
                        return (at - fromNanos) / 1e9;
                    }
                }
            }
            Thread.sleep(POLL.toMillis());
        }
        return -1;
    }

    /** NB against the model only. */
    Look lookNb(Map<String, String> model) {
        String csv;
        try {
            csv = ourRowsCsv.get();
        } catch (RuntimeException e) {
            return new Look(0, 0, 0, 0, 0, "NB not readable: " + firstLine(e.getMessage()));
        }
        Map<String, String> rows = new HashMap<>();
        Set<String> seen = new HashSet<>();
        int n = 0;
        int duplicates = 0;
        int extra = 0;
        for (String line : csv.split("\n")) {
            String[] f = line.strip().replace("\"", "").split(",");
            if (f.length < 2) {
                continue;
            }
            n++;
            if (!seen.add(f[0] + " via " + f[1])) {
                duplicates++;
            } else if (rows.putIfAbsent(f[0], f[1]) != null || !f[1].equals(model.get(f[0]))) {
                extra++; // a second next hop for a prefix, one the peer did not say, or a prefix it withdrew
            }
        }
        int missing = 0;
        for (Map.Entry<String, String> e : model.entrySet()) {
            if (!e.getValue().equals(rows.get(e.getKey()))) {
                missing++;
            }
        }
        return new Look(n, duplicates, missing, extra, 0, null);
    }

    /** Adds the Loc-RIB's difference from the model to an NB look. */
    private Look withRib(Look nb, Map<String, String> model) throws InterruptedException {
        Map<String, String> rib;
        try {
            rib = locRib();
        } catch (IOException e) {
            return new Look(nb.nbRows(), nb.duplicates(), nb.missing(), nb.extra(), 0, "no /routes: " + e);
        }
        int wrong = 0;
        for (Map.Entry<String, String> e : model.entrySet()) {
            if (!e.getValue().equals(rib.get(e.getKey()))) {
                wrong++;
            }
        }
        for (String p : rib.keySet()) {
            if (!model.containsKey(p)) {
                wrong++;
            }
        }
        return new Look(nb.nbRows(), nb.duplicates(), nb.missing(), nb.extra(), wrong, null);
    }

    /** prefix to the best path's next hop, from the bridge's {@code /routes}. */
    Map<String, String> locRib() throws IOException, InterruptedException {
        JsonNode r = bridge.json("/routes?limit=100000");
        if (r.has("error")) {
            throw new IOException(r.path("error").asText());
        }
        Map<String, String> rib = new HashMap<>();
        for (JsonNode e : r.path("learned")) {
            List<String> best = new ArrayList<>();
            for (JsonNode p : e.path("paths")) {
                if (p.path("best").asBoolean()) {
                    best.add(p.path("nextHop").asText());
                }
            }
            rib.put(e.path("prefix").asText(), best.size() == 1 ? best.get(0) : best.toString());
        }
        return rib;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
