package io.ovnbgp.e2e.ovn;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ovnbgp.e2e.BridgeYaml;
import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.FreePorts;
import io.ovnbgp.e2e.harness.FrrBgpd;
import io.ovnbgp.e2e.harness.FrrConfig;
import io.ovnbgp.e2e.harness.ManagedProcess;
import io.ovnbgp.e2e.harness.OvnDatabases;
import java.io.IOException;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Helpers shared by the reconciler suites: FRR peers that announce routes, the packaged bridge, NB row reads. */
abstract class BridgeFixture {
    static final Path JAR = Path.of(System.getProperty("bridge.jar", "../../bridge/target/ovn-bgp-bridge.jar"));
    static final ObjectMapper JSON = new ObjectMapper();
    static final String OWNER = "ovn-bgp-bridge/owner";
    static final long FRR_AS = 65001;
    static final Duration SYNC = Duration.ofSeconds(40);
    static final Duration POLL = Duration.ofMillis(200);

    /** One static route row as ovn-nbctl prints it. */
    record NbRow(String uuid, String prefix, String nexthop, String owner, String bfd) {
        String key() {
            return prefix + " via " + nexthop;
        }
    }

    /** An FRR on {@code address} (AS 65001) announcing {@code networks} with next hop {@code nextHop}. */
    static FrrBgpd frr(
            Daemons daemons, String address, String routerId, int bridgePort, String nextHop, String... networks) {
        return frr(daemons, address, routerId, FRR_AS, bridgePort, nextHop, networks);
    }

    /** The same in AS {@code asn}. */
    static FrrBgpd frr(
            Daemons daemons,
            String address,
            String routerId,
            long asn,
            int bridgePort,
            String nextHop,
            String... networks) {
        return daemons.frr(
                address,
                FreePorts.next(),
                torConfig(address, routerId, asn, bridgePort, 0, List.of(networks))
                        .routeMap("out4", "set ip next-hop " + nextHop)
                        .text());
    }

    /**
     * A ToR's configuration up to its IPv4 address family: in AS {@code asn}, with graceful restart when
     * {@code restartSeconds} is not 0, peering with the bridge on 127.0.0.1 (both sides connect) and announcing
     * {@code networks} through route-map {@code out4}, which the caller adds (with whatever comes before it).
     */
    static FrrConfig torConfig(
            String address, String routerId, long asn, int bridgePort, int restartSeconds, List<String> networks) {
        FrrConfig c = FrrConfig.datacenter("frr-" + address)
                .logToStdout()
                .routeMapsAtOnce()
                .routerBgp(asn, routerId);
        if (restartSeconds != 0) {
            c.gracefulRestart(restartSeconds);
        }
        List<String> v4 = new ArrayList<>(List.of("neighbor 127.0.0.1 route-map out4 out"));
        networks.forEach(n -> v4.add("network " + n));
        return c.noEbgpPolicy()
                .noImportCheck()
                .neighbor(
                        "127.0.0.1",
                        "remote-as 64512",
                        "port " + bridgePort,
                        "update-source " + address,
                        "timers 3 9",
                        "timers connect 1")
                .addressFamily("ipv4 unicast", v4);
    }

    static void announce(FrrBgpd frr, String network) {
        frr.configure("router bgp " + FRR_AS, "address-family ipv4 unicast", "network " + network);
    }

    static void withdraw(FrrBgpd frr, String network) {
        frr.configure("router bgp " + FRR_AS, "address-family ipv4 unicast", "no network " + network);
    }

    /** One peer line of the bridge's config: where it listens and which families it speaks. */
    record Peer(String address, int port, String families) {}

    /** The bridge's config: one peer per FRR (both sides connect); {@code ovnExtra} goes inside {@code ovn: {...}}. */
    static Path config(
            Daemons daemons, int bridgePort, int httpPort, String northbound, String ovnExtra, List<FrrBgpd> peers)
            throws IOException {
        return configFor(
                daemons,
                bridgePort,
                httpPort,
                northbound,
                ovnExtra,
                peers.stream()
                        .map(p -> new Peer(p.address(), p.bgpPort(), "ipv4-unicast"))
                        .toList());
    }

    /** The same for peers of any kind (FRR, GoBGP) and families. */
    static Path configFor(
            Daemons daemons, int bridgePort, int httpPort, String northbound, String ovnExtra, List<Peer> peers)
            throws IOException {
        StringBuilder c =
                new StringBuilder(BridgeYaml.node1(bridgePort, northbound, ovnExtra, httpPort)).append("peers:\n");
        for (Peer p : peers) {
            c.append("""
                      - {name: tor-%s, address: %s, port: %d, asn: %d, holdTime: 9s, keepaliveTime: 3s,
                         connectRetryTime: 1s, families: [%s], receive: {mode: all}}
                    """.formatted(p.address().replace('.', '-'), p.address(), p.port(), FRR_AS, p.families()));
        }
        Path conf = daemons.newDir("conf").resolve("config.yaml");
        Files.writeString(conf, c.toString());
        return conf;
    }

    static ManagedProcess startBridge(Daemons daemons, Path conf, int httpPort) {
        List<String> argv = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-jar",
                JAR.toString(),
                "run",
                "--config",
                conf.toString()));
        ManagedProcess bridge = daemons.start("bridge", argv, Map.of());
        bridge.awaitReady(
                "/healthz",
                Duration.ofSeconds(60),
                () -> get("http://127.0.0.1:" + httpPort + "/healthz").statusCode() == 200);
        return bridge;
    }

    /** Every Logical_Router_Static_Route row, read with {@code nbctl}. */
    static List<NbRow> rows(Function<String[], String> nbctl) {
        String out = nbctl.apply(new String[] {
            "--format=csv",
            "--data=bare",
            "--no-headings",
            "--columns=_uuid,ip_prefix,nexthop,external_ids,bfd",
            "list",
            "Logical_Router_Static_Route"
        });
        List<NbRow> rows = new ArrayList<>();
        for (String line : out.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split(",", -1);
            String owner = null;
            for (String kv : f[3].split(" ")) {
                if (kv.startsWith(OWNER + "=")) {
                    owner = kv.substring(OWNER.length() + 1);
                }
            }
            rows.add(new NbRow(f[0], f[1], f[2], owner, f[4]));
        }
        return rows;
    }

    static List<String> ownedKeys(List<NbRow> rows) {
        return rows.stream()
                .filter(r -> "node1".equals(r.owner()))
                .map(NbRow::key)
                .sorted()
                .toList();
    }

    static List<String> foreignKeys(List<NbRow> rows) {
        return rows.stream()
                .filter(r -> r.owner() == null)
                .map(NbRow::key)
                .sorted()
                .toList();
    }

    /** One {@code peers[]} entry for an FRR of {@link #frr}, with short timers; {@code extra} goes inside. */
    static String peerEntry(String name, FrrBgpd frr, String extra) {
        return """
                  - {name: %s, address: %s, port: %d, asn: 65001, holdTime: 9s, keepaliveTime: 3s,
                     connectRetryTime: 1s, families: [ipv4-unicast]%s}
                """.formatted(name, frr.address(), frr.bgpPort(), extra);
    }

    /** FRR's view of its session with the bridge ({@code show bgp neighbors 127.0.0.1 json}). */
    static JsonNode neighbor(FrrBgpd frr) {
        return frr.vtyshJson("show bgp neighbors 127.0.0.1 json").path("127.0.0.1");
    }

    /**
     * How many sessions FRR has had with the bridge, established and dropped: unchanged means the session was
     * kept (FRR's uptime epoch is recomputed from the clock and can move by a second on its own).
     */
    static String sessions(FrrBgpd frr) {
        JsonNode n = neighbor(frr);
        return n.path("connectionsEstablished").asInt() + " established, "
                + n.path("connectionsDropped").asInt() + " dropped";
    }

    /** The static routes node1 owns, as {@code prefix via nexthop}. */
    static List<String> owned(OvnDatabases ovn) {
        return ownedKeys(rows(ovn::nbctl));
    }

    static JsonNode status(int httpPort, String prefix) throws IOException {
        String q = prefix == null ? "" : "?prefix=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8);
        return JSON.readTree(get("http://127.0.0.1:" + httpPort + "/status" + q).body());
    }

    static String metrics(int httpPort) {
        return get("http://127.0.0.1:" + httpPort + "/metrics").body();
    }

    static double metric(String body, String series) {
        for (String line : body.split("\n")) {
            if (line.startsWith(series + " ")) {
                return Double.parseDouble(line.substring(series.length() + 1).trim());
            }
        }
        return Double.NaN;
    }

    static HttpResponse<String> get(String url) {
        return io.ovnbgp.e2e.Http.get(url);
    }
}
