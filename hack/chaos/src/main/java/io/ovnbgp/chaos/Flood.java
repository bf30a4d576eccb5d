package io.ovnbgp.chaos;

import io.ovnbgp.bench.InternetLikeTable;
import io.ovnbgp.chaos.RawPeer.End;
import io.ovnbgp.chaos.RawPeer.Frame;
import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.FreePorts;
import io.ovnbgp.e2e.harness.OvnDatabases;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * hack/chaos/flood: one peer sends an Internet-like table (default 1,000,000 prefixes, {@link InternetLikeTable},
 * as the ingest benchmark does) to the bridge running as the DaemonSet runs it (memory limit, JVM flags). Twice:
 *
 * <ol>
 *   <li>{@code maxPrefixes: {limit: 1000, action: teardown}}: the session must end with Cease / Maximum Number of
 *       Prefixes Reached (6/1), OVN must never hold more of our rows than the limit, RSS stays bounded;
 *   <li>{@code maxPrefixes: {limit: 1000, action: warn}}, {@code receive: all}: every prefix is kept in the RIB, OVN
 *       must never hold more than {@code ovn.maxRoutes} of our rows and end with exactly the ones the stated rule
 *       admits (IPv4 first, shortest prefix first, then lowest address), and the peak RSS must stay within the
 *       container's memory limit.
 * </ol>
 *
 * <p>The session is our own {@link RawPeer}, not the benchmark's FastSender: that one discards what the bridge
 * sends, and here the NOTIFICATION is the point. Prints Markdown; exits 1 when anything is lost or exceeded.
 */
public final class Flood {
    private static final String NODE = "node1";
    private static final String BRIDGE = "127.0.0.1";
    private static final String PEER = "127.0.4.1";
    private static final long PEER_AS = 65001;
    private static final String NEXT_HOP = "203.0.113.1";
    private static final int LIMIT = 1000;
    private static final Duration WAIT = Duration.ofMinutes(10);
    private static final Duration KEEPALIVE_INTERVAL = Duration.ofSeconds(30);

    private Flood() {}

    public static void main(String[] args) throws Exception {
        int prefixes = 1_000_000;
        int maxRoutes = 10_000;
        List<Boolean> scenarios = List.of(true, false);
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--prefixes" -> prefixes = Integer.parseInt(args[++i]);
                case "--max-routes" -> maxRoutes = Integer.parseInt(args[++i]);
                case "--only" -> scenarios = List.of(args[++i].equals("teardown"));
                default ->
                    throw new IllegalArgumentException("unknown argument " + args[i]
                            + " (known: --prefixes N --max-routes N --only teardown|warn)");
            }
        }
        long t = System.nanoTime();
        InternetLikeTable table = InternetLikeTable.generate(prefixes, PEER_AS, NEXT_HOP, 42);
        System.err.printf(
                Locale.ROOT,
                "flood: table of %,d prefixes in %,d UPDATEs (%.1f MB) built in %.1f s%n",
                table.prefixes(),
                table.updates().size(),
                table.bytes() / 1e6,
                (System.nanoTime() - t) / 1e9);
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "Run %s: one peer floods %,d prefixes (%,d UPDATEs, %.1f MB); the bridge as a process with the"
                        + " DaemonSet's JVM flags (%s) and its memory limit (%d MiB, as -XX:MaxRAM).%n%n",
                Instant.now(),
                table.prefixes(),
                table.updates().size(),
                table.bytes() / 1e6,
                String.join(" ", BridgeProcess.DAEMON_FLAGS),
                BridgeProcess.CONTAINER_LIMIT_MIB));
        out.append(
                "| scenario | NOTIFICATION received | RIB | our rows in OVN: max seen / at the end / allowed"
                        + " | peak RSS (VmHWM) / limit | seconds (to the NOTIFICATION; to convergence) | lost |\n|---|---|---:|---|---|---:|---:|\n");
        long lost = 0;
        int survived = 0;
        for (boolean teardown : scenarios) {
            try (Daemons daemons = Daemons.create()) {
                Thread hook = new Thread(daemons::close, "chaos-daemons-stop");
                Runtime.getRuntime().addShutdownHook(hook);
                Result r = run(daemons, table, teardown, maxRoutes);
                Runtime.getRuntime().removeShutdownHook(hook);
                out.append(r.row()).append('\n');
                lost += r.lost();
                survived += r.lost() == 0 ? 1 : 0;
                System.err.println("flood: " + r);
            }
        }
        out.append(String.format(
                Locale.ROOT,
                "%nFaults tried: %d floods; faults survived: %d; data lost (rows beyond a cap, a wrong or missing"
                        + " NOTIFICATION, the daemon gone or over its limit, rows not the rule's, prefixes missing from"
                        + " the RIB): %,d%n",
                scenarios.size(),
                survived,
                lost));
        System.out.print(out);
        System.out.flush();
        System.exit(lost == 0 ? 0 : 1);
    }

    private record Result(
            String scenario,
            String notification,
            long ribPrefixes,
            long maxRows,
            long endRows,
            long allowedRows,
            long peakRssKib,
            double seconds,
            long lost,
            String note) {
        String row() {
            return String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %,d / %,d / %,d | %,d MiB / %d MiB | %.0f | %d%s |",
                    scenario,
                    notification,
                    ribPrefixes < 0 ? "—" : String.format(Locale.ROOT, "%,d", ribPrefixes),
                    maxRows,
                    endRows,
                    allowedRows,
                    peakRssKib / 1024,
                    BridgeProcess.CONTAINER_LIMIT_MIB,
                    seconds,
                    lost,
                    note.isEmpty() ? "" : " (" + note + ")");
        }
    }

    private static Result run(Daemons daemons, InternetLikeTable table, boolean teardown, int maxRoutes)
            throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        ovn.nbctl("lr-add", "GR_" + NODE);
        int bridgePort = FreePorts.next();
        int httpPort = FreePorts.next();
        String yaml = """
                nodeName: %s
                localASN: 64512
                routerID: 192.0.2.10
                listen: {address: %s, port: %d}
                ovn: {northbound: "%s", maxRoutes: %d}
                metrics: {address: 127.0.0.1, port: %d}
                kubernetes: {enabled: false}
                peers:
                  - {name: flood, address: %s, asn: %d, passive: true, families: [ipv4-unicast],
                     receive: {mode: all}, maxPrefixes: {limit: %d, action: %s}}
                """.formatted(
                        NODE,
                        BRIDGE,
                        bridgePort,
                        ovn.nbRemote(),
                        maxRoutes,
                        httpPort,
                        PEER,
                        PEER_AS,
                        LIMIT,
                        teardown ? "teardown" : "warn");
        BridgeProcess bridge = BridgeProcess.start(daemons, yaml, httpPort);
        String scenario = teardown
                ? "maxPrefixes " + LIMIT + ", teardown"
                : "maxPrefixes " + LIMIT + ", warn; receive all; ovn.maxRoutes " + maxRoutes;
        long allowed = teardown ? LIMIT : maxRoutes;

        RowCounter rows = new RowCounter(ovn, bridge);
        Thread counting = new Thread(rows, "nb-rows");
        counting.setDaemon(true);
        counting.start();

        long t0 = System.nanoTime();
        RawPeer peer = RawPeer.connect(PEER, new InetSocketAddress(BRIDGE, bridgePort));
        Object up = peer.establish(Wire.goodOpen(PEER_AS, 0x0A000401, 180), 30_000);
        if (up != null) {
            throw new IllegalStateException("flood: no session: " + up);
        }
        AtomicReference<Object> received = new AtomicReference<>();
        Thread reader = new Thread(
                () -> {
                    try {
                        while (true) {
                            Object r = peer.read(0);
                            if (r instanceof Frame f && f.isNotification() || r == End.CLOSED) {
                                received.compareAndSet(null, r);
                                if (r == End.CLOSED) {
                                    return;
                                }
                            }
                        }
                    } catch (IOException e) {
                        received.compareAndSet(null, End.CLOSED);
                    }
                },
                "flood-reader");
        reader.setDaemon(true);
        reader.start();
        AtomicLong sentUpdates = new AtomicLong();
        Thread sender = new Thread(
                () -> {
                    try {
                        byte[] chunk;
                        List<byte[]> updates = table.updates();
                        for (int i = 0; i < updates.size(); i += 64) {
                            List<byte[]> part = updates.subList(i, Math.min(updates.size(), i + 64));
                            chunk = Wire.concat(part.toArray(new byte[0][]));
                            peer.send(chunk);
                            sentUpdates.addAndGet(part.size());
                        }
                        peer.send(Wire.concat(Wire.update(new byte[0], new byte[0], new byte[0]), Wire.keepalive()));
                        // a real peer keeps the session alive while the bridge digests the table (its hold timer
                        // would otherwise end the session after 90 s of silence, rightly)
                        while (received.get() == null) {
                            Thread.sleep(KEEPALIVE_INTERVAL.toMillis());
                            peer.send(Wire.keepalive());
                        }
                    } catch (IOException e) {
                        // the bridge closed the session: expected with teardown
                    } catch (InterruptedException e) {
                        // the flood is over
                    }
                },
                "flood-sender");
        sender.start();

        long ribPrefixes = -1;
        String note = "";
        long deadline = System.nanoTime() + WAIT.toNanos();
        if (teardown) {
            while (received.get() == null && System.nanoTime() < deadline && bridge.isAlive()) {
                Thread.sleep(50);
            }
            // what NB does in the seconds after the teardown counts too
            Thread.sleep(3000);
        } else {
            // converged: every prefix in the RIB, and NB holding exactly the rows the admission rule picks
            Set<String> want = admitted(table, maxRoutes);
            while (System.nanoTime() < deadline && bridge.isAlive()) {
                long n = learnedTotal(bridge);
                if (n >= 0) {
                    ribPrefixes = n; // -1: the RIB was too busy to answer /routes in time; keep the last answer
                }
                if (received.get() != null) {
                    note = "session ended: " + received.get();
                    break;
                }
                if (ribPrefixes >= table.prefixes() && want.equals(ourPrefixesOrNull(ovn))) {
                    break;
                }
                Thread.sleep(1000);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        Object got = received.get(); // before our own close below, which the reader would see too
        boolean alive = bridge.isAlive();
        long peak = Math.max(bridge.peakRssKib(), rows.peakRssKib());
        rows.stop();
        counting.join(10_000);
        long endRows = rows.count();
        peer.close();
        sender.interrupt();
        sender.join(30_000);

        long lost = 0;
        String notification;
        if (teardown) {
            boolean cease1 = got instanceof Frame f && f.isNotification() && f.code() == 6 && f.subcode() == 1;
            notification = (got == null ? "none" : got.toString())
                    + (cease1
                            ? " (Cease / Maximum Number of Prefixes" + " Reached, as required)"
                            : " (WRONG: Cease 6/1 required)");
            lost += cease1 ? 0 : 1;
        } else {
            notification = got == null ? "none (session kept, as required)" : got + " (WRONG: warn keeps the session)";
            lost += got == null ? 0 : 1;
            if (alive) {
                Set<String> want = admitted(table, maxRoutes);
                Set<String> have = new HashSet<>(OurRows.prefixes(ovn, NODE));
                if (!have.equals(want)) {
                    Set<String> extra = new HashSet<>(have);
                    extra.removeAll(want);
                    Set<String> missing = new HashSet<>(want);
                    missing.removeAll(have);
                    note = (note.isEmpty() ? "" : note + "; ") + "rows not the rule's: " + extra.size() + " extra, "
                            + missing.size() + " missing";
                    lost += extra.size() + missing.size();
                }
                if (ribPrefixes != table.prefixes()) {
                    note = (note.isEmpty() ? "" : note + "; ") + "RIB holds " + ribPrefixes;
                    lost += Math.abs(table.prefixes() - ribPrefixes);
                }
            }
        }
        if (rows.max() > allowed) {
            lost += rows.max() - allowed;
        }
        if (!alive) {
            note = (note.isEmpty() ? "" : note + "; ") + "the bridge died";
            lost++;
            System.err.println(
                    "flood: the bridge died; its log ends:\n" + bridge.process().logs());
        }
        if (peak > BridgeProcess.CONTAINER_LIMIT_MIB * 1024) {
            note = (note.isEmpty() ? "" : note + "; ") + "over the memory limit";
            lost++;
        }
        bridge.close();
        return new Result(scenario, notification, ribPrefixes, rows.max(), endRows, allowed, peak, seconds, lost, note);
    }

    private static long learnedTotal(BridgeProcess bridge) {
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
     * The prefixes {@code ovn.maxRoutes} admits by the rule docs and /status state: IPv4 before IPv6, shortest
     * prefix first, then lowest address; one row each here (one next hop).
     */
    static Set<String> admitted(InternetLikeTable table, int maxRoutes) {
        List<long[]> all = new ArrayList<>(table.prefixes());
        for (byte[] u : table.updates()) {
            forEachNlri(u, (addr, len) -> all.add(new long[] {len, addr & 0xFFFFFFFFL}));
        }
        all.sort(Comparator.<long[]>comparingLong(p -> p[0]).thenComparingLong(p -> p[1]));
        Set<String> out = new HashSet<>();
        for (int i = 0; i < Math.min(maxRoutes, all.size()); i++) {
            long a = all.get(i)[1];
            out.add((a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff) + "/"
                    + all.get(i)[0]);
        }
        return out;
    }

    private interface NlriVisitor {
        void prefix(int address, int length);
    }

    /** The classic NLRI of one encoded UPDATE (InternetLikeTable writes IPv4 that way). */
    private static void forEachNlri(byte[] m, NlriVisitor v) {
        int withdrawn = ((m[19] & 0xff) << 8) | (m[20] & 0xff);
        int attrsAt = 21 + withdrawn;
        int attrs = ((m[attrsAt] & 0xff) << 8) | (m[attrsAt + 1] & 0xff);
        int pos = attrsAt + 2 + attrs;
        while (pos < m.length) {
            int len = m[pos++] & 0xff;
            int addr = 0;
            for (int k = 0; k < (len + 7) / 8; k++) {
                addr |= (m[pos + k] & 0xff) << (24 - 8 * k);
            }
            pos += (len + 7) / 8;
            v.prefix(addr, len);
        }
    }

    /** {@link OurRows#prefixes}, or null when NB did not answer in time (a busy ovsdb-server: look again later). */
    private static Set<String> ourPrefixesOrNull(OvnDatabases ovn) {
        try {
            return new HashSet<>(OurRows.prefixes(ovn, NODE));
        } catch (IllegalStateException e) {
            System.err.println("flood: NB did not answer in time; looking again: " + e.getMessage());
            return null;
        }
    }

    /** Counts our rows in NB every 200 ms; keeps the largest count seen. */
    private static final class RowCounter implements Runnable {
        private final OvnDatabases ovn;
        private final BridgeProcess bridge;
        private volatile long peakRssKib;
        private volatile boolean stopped;
        private volatile long max;
        private volatile long current;

        RowCounter(OvnDatabases ovn, BridgeProcess bridge) {
            this.ovn = ovn;
            this.bridge = bridge;
        }

        /** The bridge's VmHWM as last seen alive (a process that died has no /proc entry to ask). */
        long peakRssKib() {
            return peakRssKib;
        }

        @Override
        public void run() {
            while (!stopped) {
                try {
                    sample();
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    System.err.println("flood: cannot count NB rows: " + e.getMessage());
                }
            }
        }

        private void sample() {
            long hwm = bridge.peakRssKib();
            if (hwm > 0) {
                peakRssKib = hwm;
            }
            long n = OurRows.prefixes(ovn, NODE).size();
            current = n;
            max = Math.max(max, n);
        }

        void stop() {
            stopped = true;
            sample();
        }

        long current() {
            return current;
        }

        long max() {
            return max;
        }

        long count() {
            return current;
        }
    }
}
