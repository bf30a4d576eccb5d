package io.ovnbgp.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.ovnbgp.bgp.fsm.PeerSession;
import io.ovnbgp.bgp.fsm.PeerSettings;
import io.ovnbgp.bgp.policy.ReceivePolicy;
import io.ovnbgp.bgp.rib.MaxPrefixAction;
import io.ovnbgp.bgp.rib.PeerRibConfig;
import io.ovnbgp.bgp.rib.Rib;
import io.ovnbgp.bgp.rib.RibPeer;
import io.ovnbgp.bgp.rib.RibSettings;
import io.ovnbgp.bgp.transport.BgpSpeaker;
import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.AsPath;
import io.ovnbgp.bgp.wire.CodecContext;
import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.MessageCodec;
import io.ovnbgp.bgp.wire.Origin;
import io.ovnbgp.bgp.wire.PathAttributes;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bgp.wire.UpdateMessage;
import io.ovnbgp.bridge.metrics.BridgeMetrics;
import io.ovnbgp.bridge.ovn.StaticRouteReconciler;
import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.FreePorts;
import io.ovnbgp.e2e.harness.OvnDatabases;
import io.ovnbgp.ovsdb.client.NamedUuid;
import io.ovnbgp.ovsdb.client.Op;
import io.ovnbgp.ovsdb.client.OvsdbRemote;
import io.ovnbgp.ovsdb.client.OvsdbSession;
import io.ovnbgp.ovsdb.client.TxResult;
import io.ovnbgp.ovsdb.client.Uuid;
import io.ovnbgp.ovsdb.nb.LogicalRouter;
import io.ovnbgp.ovsdb.nb.NbOps;
import io.ovnbgp.ovsdb.nb.NorthboundClient;
import io.ovnbgp.ovsdb.nb.NorthboundOptions;
import io.ovnbgp.ovsdb.nb.StaticRouteSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * hack/bench/sync: the OVN writer's sync lag against the raw OVSDB round trip, in one JVM and one run.
 *
 * <p>A real OVN Northbound ovsdb-server (test harness) with one logical router; in this JVM our {@link BgpSpeaker},
 * {@link Rib} and {@link StaticRouteReconciler} (as {@code BridgeDaemon} wires them, minus the HTTP server), fed by
 * two real BGP sessions from {@link FastSender}s. Lag is the reconciler's own: from the {@code System.nanoTime}
 * the RIB stamps on the UPDATE when the session hands it over (the {@code firstArrivalNanos} behind the
 * {@code route_sync_lag} histogram) to the return of the NB transaction that carries it, as reported by the
 * reconciler's commit listener. The raw references are the same single-row transactions (same operations:
 * comment, router wait, duplicate guard, insert and mutate, or the mutate that deletes), sent on the same unix
 * socket by {@code ovsdb-client transact} (a process per transaction) and by our {@link OvsdbSession} in this JVM.
 */
public final class SyncBench {
    private static final long FEED_AS = 65001;
    private static final long OUR_AS = 65002;
    private static final String OUR_ADDR = "127.0.0.2";
    private static final String FEED_A = "127.0.0.1";
    private static final String FEED_B = "127.0.0.3";
    private static final String NH_A = "203.0.113.1";
    private static final String NH_B = "203.0.113.2";
    private static final String ROUTER = "lr0";
    private static final String NODE = "bench-a";
    /** Raw rows get another owner (same length) so that the reconciler leaves them alone. */
    private static final String RAW_OWNER = "bench-r";

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final CodecContext CTX = new CodecContext(true, false, Set.of(AfiSafi.IPV4_UNICAST));

    record Commit(Map<String, Long> arrivals, long commitNanos, int rowsOwned) {}

    public static void main(String[] args) throws Exception {
        int routes = 10_000;
        int changes = 1_000;
        int bulkPrefixes = 5_000;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--routes" -> routes = Integer.parseInt(args[++i]);
                case "--changes" -> changes = Integer.parseInt(args[++i]);
                case "--bulk-prefixes" -> bulkPrefixes = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        try (Daemons daemons = Daemons.create()) {
            System.out.println(run(daemons, routes, changes, bulkPrefixes));
        }
        System.out.flush();
        // the client and speaker event loops are not daemon threads
        System.exit(0);
    }

    private static String run(Daemons daemons, int routes, int changes, int bulkPrefixes) throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        ovn.nbctl("lr-add", ROUTER);

        Rib rib = new Rib(RibSettings.of(OUR_AS, 0x0A000002));
        PeerRibConfig receiveAll = PeerRibConfig.DEFAULT
                .withReceive(ReceivePolicy.ALL)
                .withMaxPrefixes(0, MaxPrefixAction.WARN, Duration.ZERO);
        int port = FreePorts.next();
        BgpSpeaker speaker = BgpSpeaker.start(InetAddress.getByName(OUR_ADDR), port);
        List<PeerSession> sessions = new ArrayList<>();
        for (String[] f : new String[][] {{"feed-a", FEED_A}, {"feed-b", FEED_B}}) {
            RibPeer rp = rib.attach(f[0], receiveAll);
            PeerSession s = speaker.addPeer(
                    PeerSettings.basic(f[0], InetAddress.getByName(f[1]), 179, OUR_AS, FEED_AS, 0x0A000002)
                            .withPassive(true)
                            .withTimers(180, 60, Duration.ofSeconds(5)),
                    rp);
            s.start();
            sessions.add(s);
        }
        StaticRouteReconciler reconciler = new StaticRouteReconciler(
                new StaticRouteReconciler.Settings(
                        NODE, ROUTER, "", "", "dst-ip", 1_000_000, false, 0, 0, 0, Duration.ofMinutes(5)),
                rib,
                () -> null,
                new BridgeMetrics(NODE, "bench"));
        LinkedBlockingQueue<Commit> commits = new LinkedBlockingQueue<>();
        reconciler.commitListener(
                (arrivals, commitNanos, rows) -> commits.add(new Commit(arrivals, commitNanos, rows)));
        NorthboundClient nb = NorthboundClient.start(NorthboundOptions.parse(ovn.nbRemote()), reconciler);
        reconciler.start(nb);
        FastSender a = null;
        FastSender b = null;
        OvsdbSession raw = null;
        try {
            if (!nb.awaitSynced(Duration.ofSeconds(30))) {
                throw new IllegalStateException("Northbound client not synced");
            }
            a = FastSender.connect(
                    new InetSocketAddress(FEED_A, 0), new InetSocketAddress(OUR_ADDR, port), FEED_AS, 0x0A000001);
            b = FastSender.connect(
                    new InetSocketAddress(FEED_B, 0), new InetSocketAddress(OUR_ADDR, port), FEED_AS, 0x0A000003);

            // ---- preload: routes prefixes from feed A, waited for in NB
            List<Prefix> preload = prefixes(10, 0, routes);
            long t = System.nanoTime();
            a.send(announce(preload, NH_A, 500));
            awaitRows(commits, routes);
            double preloadSeconds = (System.nanoTime() - t) / 1e9;
            System.err.printf(Locale.ROOT, "preload: %d rows in NB in %.2f s%n", routes, preloadSeconds);
            quiet(commits);

            // ---- single changes through BGP: announce, then withdraw, one new prefix at a time
            List<Prefix> singles = prefixes(172, 16, (changes + 1) / 2);
            long[] lag = new long[changes];
            long[] sendToCommit = new long[changes];
            int txns = 0;
            for (int i = 0; i < changes; i++) {
                Prefix p = singles.get(i / 2);
                byte[] u =
                        i % 2 == 0 ? announce(List.of(p), NH_A, 1).get(0) : encode(UpdateMessage.withdraw(List.of(p)));
                a.send(List.of(u));
                long sent = a.firstByteNanos();
                String key = p.toString();
                while (true) {
                    Commit c = take(commits, "change " + i + " (" + key + ")");
                    txns++;
                    Long arrival = c.arrivals().get(key);
                    if (arrival != null && arrival != 0) {
                        lag[i] = c.commitNanos() - arrival;
                        sendToCommit[i] = c.commitNanos() - sent;
                        break;
                    }
                }
            }
            System.err.printf(
                    Locale.ROOT,
                    "single changes: %d in %d transactions, %s rows owned%n",
                    changes,
                    txns,
                    reconciler.view().stats().rowsOwned());

            // ---- the same single-row transactions, raw
            Uuid router = nb.snapshot().router(ROUTER).map(LogicalRouter::uuid).orElseThrow();
            raw = OvsdbSession.open(OvsdbRemote.parse(ovn.nbRemote()), WAIT);
            List<Prefix> rawSingles = prefixes(172, 32, (changes + 1) / 2);
            long[] inProcess = new long[changes];
            Uuid last = null;
            for (int i = 0; i < changes; i++) {
                Prefix p = rawSingles.get(i / 2);
                List<Op> ops = i % 2 == 0
                        ? insertOps(router, List.of(p.toString()), List.of(NH_A), true)
                        : deleteOps(router, List.of(last));
                long t0 = System.nanoTime();
                TxResult r = raw.transact(NorthboundClient.DATABASE, ops, WAIT);
                inProcess[i] = System.nanoTime() - t0;
                if (i % 2 == 0) {
                    last = r.uuidOf("r0");
                }
            }
            List<Prefix> cliSingles = prefixes(172, 48, (changes + 1) / 2);
            long[] cli = new long[changes];
            ObjectMapper json = new ObjectMapper();
            String lastText = null;
            for (int i = 0; i < changes; i++) {
                Prefix p = cliSingles.get(i / 2);
                String ops = i % 2 == 0 ? insertJson(router, p.toString(), NH_A) : deleteJson(router, lastText);
                long t0 = System.nanoTime();
                Process proc = new ProcessBuilder("ovsdb-client", "transact", ovn.nbRemote(), ops)
                        .redirectErrorStream(true)
                        .start();
                String out = readAll(proc.getInputStream());
                int rc = proc.waitFor();
                cli[i] = System.nanoTime() - t0;
                if (rc != 0 || out.contains("\"error\"")) {
                    throw new IllegalStateException("ovsdb-client transact failed: " + out);
                }
                if (i % 2 == 0) {
                    JsonNode res = json.readTree(out);
                    // [comment, wait, guard, insert, mutate]
                    lastText = res.get(3).get("uuid").get(1).asText();
                }
            }
            System.err.println("raw single transactions done");

            // ---- bulk, raw: one transaction inserting the 2 x bulkPrefixes rows, then they are removed again
            List<Prefix> bulk = prefixes(11, 0, bulkPrefixes);
            List<String> bulkKeys = new ArrayList<>();
            List<String> bulkHops = new ArrayList<>();
            for (Prefix p : bulk) {
                bulkKeys.add(p.toString());
                bulkHops.add(NH_A);
                bulkKeys.add(p.toString());
                bulkHops.add(NH_B);
            }
            List<Op> bulkOps = insertOps(router, bulkKeys, bulkHops, false);
            long t0 = System.nanoTime();
            TxResult br = raw.transact(NorthboundClient.DATABASE, bulkOps, WAIT);
            long rawBulk = System.nanoTime() - t0;
            List<Uuid> rawRows = new ArrayList<>();
            for (int i = 0; i < bulkKeys.size(); i++) {
                rawRows.add(br.uuidOf("r" + i));
            }
            System.err.printf(Locale.ROOT, "raw bulk: %d rows in %.1f ms%n", rawRows.size(), rawBulk / 1e6);
            raw.transact(NorthboundClient.DATABASE, deleteOps(router, rawRows), WAIT);
            Thread.sleep(3_000); // the reconciler's monitor takes in both 10,000-row updates
            quiet(commits);

            // ---- bulk through the reconciler: the same prefixes from both feeds, one next hop each (ECMP)
            List<byte[]> fromA = announce(bulk, NH_A, 500);
            List<byte[]> fromB = announce(bulk, NH_B, 500);
            FastSender fa = a;
            FastSender fb = b;
            Thread ta = new Thread(() -> sendQuietly(fa, fromA), "bulk-a");
            Thread tb = new Thread(() -> sendQuietly(fb, fromB), "bulk-b");
            ta.start();
            tb.start();
            int target = routes + 2 * bulkPrefixes;
            long minArrival = Long.MAX_VALUE;
            int bulkTxns = 0;
            List<Commit> bulkCommits = new ArrayList<>();
            Commit c;
            do {
                c = take(commits, "bulk rows");
                bulkTxns++;
                bulkCommits.add(c);
                for (long arr : c.arrivals().values()) {
                    if (arr != 0) {
                        minArrival = Math.min(minArrival, arr);
                    }
                }
            } while (c.rowsOwned() < target);
            ta.join();
            tb.join();
            long firstByte = Math.min(a.firstByteNanos(), b.firstByteNanos());
            long bulkFromFirstByte = c.commitNanos() - firstByte;
            List<String> perTxn = new ArrayList<>();
            for (Commit k : bulkCommits) {
                perTxn.add(String.format(
                        Locale.ROOT,
                        "%,d prefixes at +%.1f ms",
                        k.arrivals().size(),
                        (k.commitNanos() - firstByte) / 1e6));
            }
            long bulkFromArrival = c.commitNanos() - minArrival;
            long ecmpRows = nb.snapshot().staticRoutesOf(ROUTER).stream()
                    .filter(r -> NODE.equals(r.externalIds().get(StaticRouteReconciler.OWNER_KEY)))
                    .filter(r -> r.ipPrefix().startsWith("11."))
                    .count();
            System.err.printf(
                    Locale.ROOT,
                    "bulk through the reconciler: %d rows (%d in the NB cache) in %.1f ms, " + "%d transactions%n",
                    target - routes,
                    ecmpRows,
                    bulkFromFirstByte / 1e6,
                    bulkTxns);

            return markdown(
                    routes,
                    preloadSeconds,
                    changes,
                    txns,
                    lag,
                    sendToCommit,
                    inProcess,
                    cli,
                    2 * bulkPrefixes,
                    bulkPrefixes,
                    rawBulk,
                    bulkFromFirstByte,
                    bulkFromArrival,
                    bulkTxns,
                    ecmpRows,
                    String.join("; ", perTxn));
        } finally {
            if (raw != null) {
                raw.close();
            }
            if (a != null) {
                a.close();
            }
            if (b != null) {
                b.close();
            }
            reconciler.close();
            nb.close();
            sessions.forEach(s -> s.stop("benchmark done"));
            speaker.close();
            rib.close();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void sendQuietly(FastSender s, List<byte[]> updates) {
        try {
            s.send(updates);
        } catch (IOException e) {
            System.err.println("bulk send failed: " + e);
        }
    }

    private static Commit take(LinkedBlockingQueue<Commit> commits, String what) throws Exception {
        Commit c = commits.poll(WAIT.toSeconds(), TimeUnit.SECONDS);
        if (c == null) {
            throw new TimeoutException("no commit for " + what + " within " + WAIT);
        }
        return c;
    }

    private static void awaitRows(LinkedBlockingQueue<Commit> commits, int rows) throws Exception {
        Commit c;
        do {
            c = take(commits, rows + " rows");
        } while (c.rowsOwned() != rows);
    }

    /** Waits until no commit came for a second, and forgets the ones that did. */
    private static void quiet(LinkedBlockingQueue<Commit> commits) throws InterruptedException {
        while (commits.poll(1, TimeUnit.SECONDS) != null) {
            // drain
        }
    }

    /** {@code n} consecutive /24s from {@code first.second.0.0/24}. */
    private static List<Prefix> prefixes(int first, int second, int n) {
        List<Prefix> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(Prefix.ipv4((first << 24) + (second << 16) + (i << 8), 24));
        }
        return out;
    }

    private static List<byte[]> announce(List<Prefix> prefixes, String nextHop, int perUpdate) {
        PathAttributes attrs = PathAttributes.builder()
                .origin(Origin.IGP)
                .asPath(AsPath.sequence(FEED_AS))
                .nextHop(IpAddress.parse(nextHop))
                .build();
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < prefixes.size(); i += perUpdate) {
            out.add(encode(
                    UpdateMessage.announce(attrs, prefixes.subList(i, Math.min(prefixes.size(), i + perUpdate)))));
        }
        return out;
    }

    private static byte[] encode(UpdateMessage u) {
        ByteBuf buf = Unpooled.buffer();
        MessageCodec.encode(u, CTX, buf);
        byte[] wire = new byte[buf.readableBytes()];
        buf.readBytes(wire);
        buf.release();
        return wire;
    }

    private static StaticRouteSpec rawSpec(String prefix, String nexthop) {
        return new StaticRouteSpec(
                prefix,
                nexthop,
                Optional.empty(),
                Optional.of("dst-ip"),
                "",
                Optional.empty(),
                Map.of(),
                Map.of(StaticRouteReconciler.OWNER_KEY, RAW_OWNER));
    }

    /** What the reconciler sends to insert rows: comment, router wait, guards (up to 64 rows), inserts, mutate. */
    private static List<Op> insertOps(Uuid router, List<String> prefixes, List<String> hops, boolean guard) {
        List<Op> ops = new ArrayList<>();
        ops.add(NbOps.waitRouterNamed(router, ROUTER));
        if (guard) {
            for (int i = 0; i < prefixes.size(); i++) {
                ops.add(NbOps.waitNoStaticRoute(
                        prefixes.get(i), hops.get(i), StaticRouteReconciler.OWNER_KEY, RAW_OWNER));
            }
        }
        List<NamedUuid> refs = new ArrayList<>();
        for (int i = 0; i < prefixes.size(); i++) {
            Op.Insert ins = NbOps.insertStaticRoute(rawSpec(prefixes.get(i), hops.get(i)), "r" + i);
            ops.add(ins);
            refs.add(ins.ref());
        }
        ops.add(NbOps.referenceStaticRoutes(router, refs));
        return NbOps.withComment("ovn-bgp-bridge bench raw: +" + prefixes.size(), ops);
    }

    private static List<Op> deleteOps(Uuid router, List<Uuid> rows) {
        return NbOps.withComment(
                "ovn-bgp-bridge bench raw: -" + rows.size(),
                List.of(NbOps.waitRouterNamed(router, ROUTER), NbOps.removeStaticRoutes(router, rows)));
    }

    private static String routerWait(Uuid router) {
        return "{\"op\":\"wait\",\"table\":\"Logical_Router\",\"where\":[[\"_uuid\",\"==\",[\"uuid\",\"" + router
                + "\"]]],\"columns\":[\"name\"],\"until\":\"==\",\"rows\":[{\"name\":\"" + ROUTER
                + "\"}],\"timeout\":0}";
    }

    private static String insertJson(Uuid router, String prefix, String nexthop) {
        String owner = "[\"map\",[[\"" + StaticRouteReconciler.OWNER_KEY + "\",\"" + RAW_OWNER + "\"]]]";
        return "[\"OVN_Northbound\","
                + "{\"op\":\"comment\",\"comment\":\"ovn-bgp-bridge bench raw: +1\"},"
                + routerWait(router) + ","
                + "{\"op\":\"wait\",\"table\":\"Logical_Router_Static_Route\",\"where\":[[\"ip_prefix\",\"==\",\""
                + prefix + "\"],[\"nexthop\",\"==\",\"" + nexthop + "\"],[\"external_ids\",\"includes\"," + owner
                + "]],\"columns\":[\"nexthop\"],\"until\":\"==\",\"rows\":[],\"timeout\":0},"
                + "{\"op\":\"insert\",\"table\":\"Logical_Router_Static_Route\",\"uuid-name\":\"r0\",\"row\":{"
                + "\"ip_prefix\":\"" + prefix + "\",\"nexthop\":\"" + nexthop + "\",\"output_port\":[\"set\",[]],"
                + "\"policy\":\"dst-ip\",\"route_table\":\"\",\"bfd\":[\"set\",[]],\"options\":[\"map\",[]],"
                + "\"external_ids\":" + owner + "}},"
                + "{\"op\":\"mutate\",\"table\":\"Logical_Router\",\"where\":[[\"_uuid\",\"==\",[\"uuid\",\""
                + router + "\"]]],\"mutations\":[[\"static_routes\",\"insert\",[\"named-uuid\",\"r0\"]]]}]";
    }

    private static String deleteJson(Uuid router, String row) {
        return "[\"OVN_Northbound\","
                + "{\"op\":\"comment\",\"comment\":\"ovn-bgp-bridge bench raw: -1\"},"
                + routerWait(router) + ","
                + "{\"op\":\"mutate\",\"table\":\"Logical_Router\",\"where\":[[\"_uuid\",\"==\",[\"uuid\",\""
                + router + "\"]]],\"mutations\":[[\"static_routes\",\"delete\",[\"uuid\",\"" + row + "\"]]]}]";
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        in.transferTo(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    // ------------------------------------------------------------------ report

    static double pct(long[] v, double q) {
        long[] s = v.clone();
        Arrays.sort(s);
        int i = (int) Math.ceil(q * s.length) - 1;
        return s[Math.max(0, Math.min(s.length - 1, i))] / 1e6;
    }

    static double mean(long[] v) {
        return Arrays.stream(v).average().orElse(Double.NaN) / 1e6;
    }

    static double max(long[] v) {
        return Arrays.stream(v).max().orElse(0) / 1e6;
    }

    static String row(String what, long[] v) {
        return String.format(
                Locale.ROOT,
                "| %s | %.2f ms | %.2f ms | %.2f ms | %.2f ms |%n",
                what,
                pct(v, 0.5),
                pct(v, 0.99),
                mean(v),
                max(v));
    }

    private static long[] every(long[] v, int parity) {
        long[] out = new long[(v.length + 1 - parity) / 2];
        for (int i = parity, j = 0; i < v.length; i += 2, j++) {
            out[j] = v[i];
        }
        return out;
    }

    private static String markdown(
            int routes,
            double preloadSeconds,
            int changes,
            int txns,
            long[] lag,
            long[] sendToCommit,
            long[] inProcess,
            long[] cli,
            int bulkRows,
            int bulkPrefixes,
            long rawBulk,
            long bulkFromFirstByte,
            long bulkFromArrival,
            int bulkTxns,
            long ecmpRows,
            String perTxn) {
        StringBuilder sb = new StringBuilder();
        sb.append("Run ")
                .append(Instant.now())
                .append(" on ")
                .append(IngestBench.machine())
                .append(", ")
                .append(ovsVersion())
                .append("\n\n");
        sb.append(String.format(
                Locale.ROOT,
                "NB preloaded through BGP with %,d routes (%,d rows in %.2f s). "
                        + "%,d single changes (alternately a new prefix announced and withdrawn again), each waited for; "
                        + "they took %,d transactions.%n%n",
                routes,
                routes,
                preloadSeconds,
                changes,
                txns));
        sb.append("| single change | p50 | p99 | mean | max |\n|---|---:|---:|---:|---:|\n");
        sb.append(row("sync lag: UPDATE handed to the RIB → NB commit (reconciler)", lag));
        sb.append(row("… announcements only", every(lag, 0)));
        sb.append(row("… withdrawals only", every(lag, 1)));
        sb.append(row("sender's first byte → NB commit (reconciler)", sendToCommit));
        sb.append(row("raw round trip, `ovsdb-client transact` (a process each)", cli));
        sb.append(row("raw round trip, our `OvsdbSession.transact` in this JVM", inProcess));
        sb.append('\n');
        sb.append(String.format(
                Locale.ROOT,
                "| bulk: %,d new ECMP rows (%,d prefixes × 2 next hops) | time |%n" + "|---|---:|%n",
                bulkRows,
                bulkPrefixes));
        sb.append(String.format(
                Locale.ROOT,
                "| through BGP and the reconciler: senders' first byte → last commit "
                        + "(%d transactions; %,d rows seen in NB) | %.1f ms |%n",
                bulkTxns,
                ecmpRows,
                bulkFromFirstByte / 1e6));
        sb.append(String.format(
                Locale.ROOT, "| … first UPDATE handed to the RIB → last commit | %.1f ms |%n", bulkFromArrival / 1e6));
        sb.append(String.format(
                Locale.ROOT,
                "| raw: one transaction with the same rows (our `OvsdbSession`) | " + "%.1f ms |%n%n",
                rawBulk / 1e6));
        sb.append("The reconciler's transactions during the bulk (prefixes carried, commit after the senders' "
                        + "first byte): ")
                .append(perTxn)
                .append(".\n\n");
        double p99 = pct(lag, 0.99);
        double cliP99 = pct(cli, 0.99);
        double inP99 = pct(inProcess, 0.99);
        double limitCli = 2 * cliP99 + 5;
        double limitIn = 2 * inP99 + 5;
        double bulkMs = bulkFromFirstByte / 1e6;
        double bulkLimit = 1.5 * rawBulk / 1e6;
        sb.append("| target | limit | result | met? |\n|---|---:|---:|---|\n");
        sb.append(String.format(
                Locale.ROOT,
                "| p99 lag ≤ 2 × raw round trip (`ovsdb-client`, p99) + 5 ms " + "| %.2f ms | %.2f ms | %s |%n",
                limitCli,
                p99,
                p99 <= limitCli ? "yes" : "no"));
        sb.append(String.format(
                Locale.ROOT,
                "| p99 lag ≤ 2 × raw round trip (in-process, p99) + 5 ms " + "| %.2f ms | %.2f ms | %s |%n",
                limitIn,
                p99,
                p99 <= limitIn ? "yes" : "no"));
        sb.append(String.format(
                Locale.ROOT,
                "| bulk ≤ 1.5 × raw transaction | %.1f ms | %.1f ms | %s |%n",
                bulkLimit,
                bulkMs,
                bulkMs <= bulkLimit ? "yes" : "no"));
        return sb.toString().stripTrailing();
    }

    private static String ovsVersion() {
        try {
            Process p = new ProcessBuilder("ovsdb-server", "--version")
                    .redirectErrorStream(true)
                    .start();
            String out = readAll(p.getInputStream());
            p.waitFor();
            return out.lines().findFirst().orElse("ovsdb-server ?").trim();
        } catch (Exception e) {
            return "ovsdb-server ?";
        }
    }
}
