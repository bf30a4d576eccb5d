package io.ovnbgp.chaos;

import io.ovnbgp.bridge.ovn.StaticRouteReconciler;
import io.ovnbgp.ovsdb.client.Op;
import io.ovnbgp.ovsdb.client.OvsdbException;
import io.ovnbgp.ovsdb.client.OvsdbRemote;
import io.ovnbgp.ovsdb.client.OvsdbSession;
import io.ovnbgp.ovsdb.client.Row;
import io.ovnbgp.ovsdb.client.TxResult;
import io.ovnbgp.ovsdb.client.Uuid;
import io.ovnbgp.ovsdb.nb.LogicalRouter;
import io.ovnbgp.ovsdb.nb.NorthboundClient;
import io.ovnbgp.ovsdb.nb.StaticRoute;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads NB's static routes, each time in one transaction (the routers and the routes: a consistent snapshot), on
 * a session of its own, and as a thread every {@code period}: counts the rows that duplicate another on the same
 * router (same prefix, next hop, policy and route table: OVN would hold two rows for one route), and the largest
 * number of our rows (owner key {@code node}) seen.
 */
final class NbSampler implements Runnable, AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final int EXAMPLES = 5;

    private final OvsdbSession session;
    private final String node;
    private final long periodMs;
    private final List<String> examples = new ArrayList<>();
    private volatile boolean stopped;
    private long samples;
    private long samplesWithDuplicates;
    private long duplicateRowsSeen;
    private long maxDuplicates;
    private long maxOurRows;
    private long errors;

    /** One sample: every row as "router prefix nexthop policy route_table", with our rows apart. */
    record Snapshot(List<String> ourRoutes, long duplicates, List<String> duplicateKeys) {}

    NbSampler(String remote, String node, long periodMs) throws OvsdbException {
        this.session = OvsdbSession.open(OvsdbRemote.parse(remote), TIMEOUT);
        this.node = node;
        this.periodMs = periodMs;
    }

    /** The routes of our rows ("prefix nexthop", addresses normalized) and the duplicates, as NB holds them now. */
    synchronized Snapshot read() throws OvsdbException {
        TxResult r = session.transact(
                NorthboundClient.DATABASE,
                List.of(
                        new Op.Select(LogicalRouter.TABLE, List.of(), List.of("name", "static_routes")),
                        new Op.Select(
                                StaticRoute.TABLE,
                                List.of(),
                                List.of("_uuid", "ip_prefix", "nexthop", "policy", "route_table", "external_ids"))),
                TIMEOUT);
        Map<Uuid, Row> rows = new HashMap<>();
        for (Row row : r.get(1).rows()) {
            rows.put(row.optionalUuid("_uuid").orElseThrow(), row);
        }
        List<String> ours = new ArrayList<>();
        Map<String, Integer> keys = new HashMap<>();
        for (Row router : r.get(0).rows()) {
            for (Uuid u : router.uuidSet("static_routes")) {
                Row row = rows.get(u);
                if (row == null) {
                    continue;
                }
                String route = route(row.string("ip_prefix"), row.string("nexthop"));
                keys.merge(
                        router.string("name") + " " + route + " "
                                + row.optionalString("policy").orElse("dst-ip") + " " + row.string("route_table"),
                        1,
                        Integer::sum);
                if (node.equals(row.stringMap("external_ids").get(StaticRouteReconciler.OWNER_KEY))) {
                    ours.add(route);
                }
            }
        }
        long dup = 0;
        List<String> dupKeys = new ArrayList<>();
        for (Map.Entry<String, Integer> e : keys.entrySet()) {
            if (e.getValue() > 1) {
                dup += e.getValue() - 1;
                if (dupKeys.size() < EXAMPLES) {
                    dupKeys.add(e.getKey() + " x" + e.getValue());
                }
            }
        }
        return new Snapshot(ours, dup, dupKeys);
    }

    /** "prefix nexthop" with both addresses in one canonical form (NB and /routes may print IPv6 differently). */
    static String route(String prefix, String nextHop) {
        int slash = prefix.indexOf('/');
        String p = slash < 0 ? canonical(prefix) : canonical(prefix.substring(0, slash)) + prefix.substring(slash);
        return p + " " + canonical(nextHop);
    }

    private static String canonical(String address) {
        try {
            return InetAddress.getByName(address).getHostAddress();
        } catch (UnknownHostException e) {
            return address; // not an address literal: compare as written
        }
    }

    @Override
    public void run() {
        while (!stopped) {
            sample();
            try {
                Thread.sleep(periodMs);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sample() {
        try {
            Snapshot s = read();
            synchronized (this) {
                samples++;
                maxOurRows = Math.max(maxOurRows, s.ourRoutes().size());
                if (s.duplicates() > 0) {
                    samplesWithDuplicates++;
                    duplicateRowsSeen += s.duplicates();
                    maxDuplicates = Math.max(maxDuplicates, s.duplicates());
                    for (String k : s.duplicateKeys()) {
                        if (examples.size() < EXAMPLES) {
                            examples.add(k);
                            System.err.println("flaps: DUPLICATE in NB: " + k);
                        }
                    }
                }
            }
        } catch (OvsdbException | RuntimeException e) {
            synchronized (this) {
                errors++;
            }
            System.err.println("flaps: cannot sample NB: " + e.getMessage());
        }
    }

    void stop() {
        stopped = true;
    }

    synchronized long samples() {
        return samples;
    }

    synchronized long samplesWithDuplicates() {
        return samplesWithDuplicates;
    }

    /** Duplicate rows summed over all samples (a row seen twice counts twice). */
    synchronized long duplicateRowsSeen() {
        return duplicateRowsSeen;
    }

    synchronized long maxDuplicates() {
        return maxDuplicates;
    }

    synchronized long maxOurRows() {
        return maxOurRows;
    }

    synchronized long errors() {
        return errors;
    }

    synchronized List<String> examples() {
        return List.copyOf(examples);
    }

    @Override
    public void close() {
        stopped = true;
        session.close();
    }
}
