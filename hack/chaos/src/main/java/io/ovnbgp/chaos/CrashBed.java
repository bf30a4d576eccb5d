package io.ovnbgp.chaos;

import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.FreePorts;
import io.ovnbgp.e2e.harness.OvnDatabases;
import io.ovnbgp.ovsdb.client.OvsdbException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One crash scenario's world: a real NB ovsdb-server holding our router, another router and rows another writer
 * put there (static routes without our owner key, some for the very prefixes and next hop the peer will send), an
 * {@link NbWatch} on it, and the bridge's configuration: one passive peer carrying the whole table.
 */
final class CrashBed implements AutoCloseable {
    static final String NODE = "node1";
    static final String ROUTER = "GR_" + NODE;
    static final String OTHER_ROUTER = "GR_other";
    static final String BRIDGE = "127.0.0.1";
    static final String PEER = "127.0.5.1";
    static final long PEER_AS = 65001;
    static final String NEXT_HOP = "203.0.113.1";

    final Daemons daemons;
    final OvnDatabases ovn;
    final NbWatch watch;
    final int bridgePort = FreePorts.next();
    final int httpPort = FreePorts.next();
    /** Each foreign row (router, uuid) with its {@code ovn-nbctl --format=json list} as first written. */
    private final Map<List<String>, String> foreign = new LinkedHashMap<>();

    private CrashBed(Daemons daemons, List<String> ourPrefixes) throws OvsdbException {
        this.daemons = daemons;
        this.ovn = daemons.ovnNb();
        ovn.nbctl("lr-add", ROUTER);
        ovn.nbctl("lr-add", OTHER_ROUTER);
        foreign(ROUTER, "10.250.0.0/16", "192.0.2.254", null);
        foreign(ROUTER, ourPrefixes.get(0), "198.51.100.7", null);
        // the very row we will write for this key, but another writer's: ours comes beside it, this one stays
        foreign(ROUTER, ourPrefixes.get(1), NEXT_HOP, null);
        foreign(ROUTER, ourPrefixes.get(2), NEXT_HOP, "other-table");
        foreign(OTHER_ROUTER, ourPrefixes.get(0), NEXT_HOP, null);
        this.watch = NbWatch.start(ovn.nbRemote(), NODE);
    }

    /** A new world with a fresh NB; {@code ourPrefixes} (at least 3) are what the peer will announce. */
    static CrashBed create(List<String> ourPrefixes) throws OvsdbException {
        Daemons d = Daemons.create();
        try {
            return new CrashBed(d, ourPrefixes);
        } catch (OvsdbException | RuntimeException e) {
            d.close();
            throw e;
        }
    }

    private void foreign(String router, String prefix, String nexthop, String routeTable) {
        List<String> args = new ArrayList<>(List.of(
                "--",
                "--id=@r",
                "create",
                "Logical_Router_Static_Route",
                "ip_prefix=\"" + prefix + "\"",
                "nexthop=\"" + nexthop + "\"",
                "external_ids:writer=other"));
        if (routeTable != null) {
            args.add("route_table=" + routeTable);
        }
        args.addAll(List.of("--", "add", "Logical_Router", router, "static_routes", "@r"));
        String uuid = ovn.nbctl(args.toArray(new String[0])).strip();
        foreign.put(List.of(router, uuid), listRow(uuid));
    }

    private String listRow(String uuid) {
        return ovn.nbctl("--format=json", "list", "Logical_Router_Static_Route", uuid);
    }

    /**
     * The foreign rows that differ in any byte from how they were written, or left their router, each as one line;
     * empty when all are untouched.
     */
    List<String> foreignChanged() {
        List<String> out = new ArrayList<>();
        foreign.forEach((key, before) -> {
            String router = key.get(0);
            String uuid = key.get(1);
            String now = ovn.nbctlResult("--format=json", "list", "Logical_Router_Static_Route", uuid)
                    .stdout();
            if (!now.equals(before)) {
                out.add(uuid + " changed: " + before.strip() + " -> " + now.strip());
            }
            if (!ovn.nbctl("get", "Logical_Router", router, "static_routes").contains(uuid)) {
                out.add(uuid + " no longer on " + router);
            }
        });
        return out;
    }

    int foreignRows() {
        return foreign.size();
    }

    /** The bridge's configuration, its Northbound at {@code nbRemote}; caps well above the table's size. */
    String config(String nbRemote, int routes) {
        return """
                nodeName: %s
                localASN: 64512
                routerID: 192.0.2.10
                listen: {address: %s, port: %d}
                ovn: {northbound: "%s", maxRoutes: %d}
                metrics: {address: 127.0.0.1, port: %d}
                kubernetes: {enabled: false}
                peers:
                  - {name: feed, address: %s, asn: %d, passive: true, families: [ipv4-unicast],
                     receive: {mode: all}, maxPrefixes: {limit: %d, action: warn}}
                """.formatted(
                NODE, BRIDGE, bridgePort, nbRemote, routes * 2 + 100, httpPort, PEER, PEER_AS, routes * 2 + 100);
    }

    InetSocketAddress bridgeAddress() {
        return new InetSocketAddress(BRIDGE, bridgePort);
    }

    /** The learned total of the bridge's Loc-RIB (/routes?limit=0), or -1 when it does not answer. */
    static long learnedTotal(BridgeProcess bridge) {
        try {
            return bridge.json("/routes?limit=0").path("learnedTotal").asLong(-1);
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * Waits, bounded, until our rows in NB are exactly {@code keys} (one row each) and the Loc-RIB holds
     * {@code keys.size()} routes; the {@link System#nanoTime} then, or -1 at the deadline.
     */
    long awaitConverged(BridgeProcess bridge, Set<String> keys, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline && bridge.isAlive() && watch.connected()) {
            if (watch.oursEqual(keys) && learnedTotal(bridge) == keys.size()) {
                return System.nanoTime();
            }
            Thread.sleep(100);
        }
        return -1;
    }

    @Override
    public void close() {
        watch.close();
        daemons.close();
    }
}
