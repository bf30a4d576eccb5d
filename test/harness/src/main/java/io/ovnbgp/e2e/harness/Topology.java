package io.ovnbgp.e2e.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The node and its two upstream routers that {@code hack/topology/up} builds in network namespaces, driven from a
 * test through the same scripts the sandbox uses, so that both see one topology. {@link #close()} runs
 * {@code down}, which leaves nothing behind. What {@code up} built is read back from its {@code topology.env}.
 */
public final class Topology implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern PING = Pattern.compile("(\\d+) packets transmitted, (\\d+) received");

    /** The upstream routers: A and B, each in its own namespace. */
    public enum Router {
        A,
        B;

        String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** What a ping printed: how many were sent and answered. */
    public record Ping(int transmitted, int received) {
        public int lost() {
            return transmitted - received;
        }
    }

    private final Path scripts;
    private final Map<String, String> env;
    private final Map<String, String> facts = new HashMap<>();
    private boolean up;

    private Topology(Path scripts, Map<String, String> env) {
        this.scripts = scripts;
        this.env = env;
    }

    /**
     * Runs {@code up} with {@code TOPO_DIR=dir}, {@code TOPO_NAME=name} and {@code extraEnv} (e.g.
     * {@code TOPO_BFD=1}, {@code TOPO_BRIDGE_METRICS_PORT}).
     */
    static Topology up(Path scripts, Path dir, String name, Map<String, String> extraEnv) {
        Map<String, String> env = new HashMap<>(extraEnv);
        env.put("TOPO_DIR", dir.toString());
        env.put("TOPO_NAME", name);
        Topology t = new Topology(scripts, env);
        t.up = true;
        Command.Result r = Command.run(List.of(scripts.resolve("up").toString()), env, Duration.ofSeconds(120));
        if (!r.ok()) {
            t.close();
            throw new IllegalStateException(
                    "hack/topology/up failed (" + r.exitCode() + "):\n" + r.stderr() + r.stdout());
        }
        try {
            for (String line : Files.readAllLines(dir.resolve("topology.env"))) {
                int eq = line.indexOf('=');
                if (eq > 0) {
                    t.facts.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return t;
    }

    /**
     * The first three octets of a /24 for {@code TOPO_EXT} that no interface here uses: the external network sits in
     * the root namespace (the host's leg), so a sandbox left up on the default one must not stop a test.
     */
    public static String freeExternalNetwork() {
        String addrs =
                Command.run(List.of("ip", "-o", "-4", "addr", "show")).orThrow().stdout();
        for (int i = 240; i < 250; i++) {
            String net = "172.31." + i;
            if (!addrs.contains(" " + net + ".")) {
                return net;
            }
        }
        throw new IllegalStateException("172.31.240-249.0/24 are all in use here");
    }

    /** One value of {@code topology.env}, e.g. {@code GR_IP}, {@code NB}, {@code BRIDGE_CONFIG}. */
    public String get(String key) {
        String v = facts.get(key);
        if (v == null) {
            throw new IllegalArgumentException("topology.env has no " + key);
        }
        return v;
    }

    public String routerIp(Router r) {
        return get("ROUTER_" + r + "_IP");
    }

    public String routerNs(Router r) {
        return get("ROUTER_" + r + "_NS");
    }

    /** A command in a namespace, bounded. */
    public Command.Result inNs(String ns, Duration timeout, String... argv) {
        List<String> a = new ArrayList<>(List.of("ip", "netns", "exec", ns));
        a.addAll(List.of(argv));
        return Command.run(a, Map.of(), timeout);
    }

    public Command.Result inNs(String ns, String... argv) {
        return inNs(ns, Duration.ofSeconds(30), argv);
    }

    /** {@code ping -c count -i interval -W 1 dst} in a namespace, and what it printed. */
    public Ping ping(String ns, String dst, int count, String interval) {
        Command.Result r = inNs(
                ns,
                Duration.ofSeconds(30 + count / 50),
                "ping",
                "-n",
                "-q",
                "-c",
                Integer.toString(count),
                "-i",
                interval,
                "-W",
                "1",
                dst);
        Matcher m = PING.matcher(r.stdout());
        if (!m.find()) {
            throw new IllegalStateException("ping printed no summary: " + r.stdout() + r.stderr());
        }
        return new Ping(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
    }

    /**
     * Packets of one protocol ({@code udp}, {@code icmp}, {@code tcp}) the router forwarded from the cluster network
     * to the outside: the counters of the POD-EGRESS chain {@code up} sets in each router.
     */
    public long forwarded(Router r, String protocol) {
        String out = inNs(routerNs(r), "iptables", "-w", "-L", "POD-EGRESS", "-v", "-x", "-n")
                .orThrow()
                .stdout();
        String proto = switch (protocol) {
            case "icmp" -> "1";
            case "tcp" -> "6";
            case "udp" -> "17";
            default -> throw new IllegalArgumentException(protocol);
        };
        for (String line : out.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length > 3 && f[0].matches("\\d+") && (f[2].equals(proto) || f[2].equals(protocol))) {
                return Long.parseLong(f[0]);
            }
        }
        throw new IllegalStateException("no " + protocol + " counter in router " + r + ":\n" + out);
    }

    /**
     * The router that carries a Pod's packets to {@code dst}: the one whose ICMP counter three pings moved; null when
     * they split (they do not: OVN hashes one flow onto one next hop) or when a ping was lost.
     */
    public Router carrierOfPing(String podNs, String dst) {
        long a = forwarded(Router.A, "icmp");
        long b = forwarded(Router.B, "icmp");
        if (ping(podNs, dst, 3, "0.05").received() != 3) {
            return null;
        }
        long da = forwarded(Router.A, "icmp") - a;
        long db = forwarded(Router.B, "icmp") - b;
        return da == 3 && db == 0 ? Router.A : db == 3 && da == 0 ? Router.B : null;
    }

    /**
     * An address of the outside network to which a Pod's packets go through router {@code r}: the ECMP group on
     * GR_node1 hashes each destination onto one next hop, so some addresses of the /24 go through each router.
     */
    public String outsideAddressVia(String podNs, Router r) {
        String net = get("OUTSIDE_IP");
        String base = net.substring(0, net.lastIndexOf('.') + 1);
        for (int i = 10; i < 60; i++) {
            if (carrierOfPing(podNs, base + i) == r) {
                return base + i;
            }
        }
        throw new IllegalStateException("no address of " + get("OUTSIDE_NET") + " is reached through router " + r);
    }

    /** The next hops of the static routes to {@code prefix} the bridge owns for this node, sorted. */
    public List<String> ownedNextHops(String prefix) {
        String owner = "ovn-bgp-bridge/owner=" + get("NODE");
        List<String> hops = new ArrayList<>();
        for (String line : nbctl(
                        "--format=csv",
                        "--data=bare",
                        "--no-headings",
                        "--columns=ip_prefix,nexthop,external_ids",
                        "list",
                        "Logical_Router_Static_Route")
                .split("\n")) {
            String[] f = line.split(",", -1);
            if (f.length == 3 && f[0].equals(prefix) && List.of(f[2].split(" ")).contains(owner)) {
                hops.add(f[1]);
            }
        }
        hops.sort(null);
        return hops;
    }

    /** What OVN says of its BFD session towards {@code dst} (NB's copy of ovn-controller's view), or "" for none. */
    public String bfdStatus(String dst) {
        return nbctl("--bare", "--columns=status", "find", "BFD", "dst_ip=\"" + dst + "\"")
                .trim();
    }

    /**
     * Sends the outside's answers to {@code addr} through router {@code r} only. For measurements of the node's way
     * out: the outside's own routing back (a static multipath here) is not what is under test.
     */
    public void pinReturn(String addr, Router r) {
        inNs(
                        get("OUTSIDE_NS"),
                        "ip",
                        "route",
                        "replace",
                        addr + "/32",
                        "via",
                        get("ROUTER_" + r + "_OUT"),
                        "src",
                        get("OUTSIDE_IP"))
                .orThrow();
    }

    /** {@code hack/topology/router a|b stop|cut}. */
    public void router(Router r, String action) {
        Command.run(List.of(scripts.resolve("router").toString(), r.key(), action), env, Duration.ofSeconds(30))
                .orThrow();
    }

    /** A {@code show ... json} of the router's FRR (zebra, bgpd, bfdd share one vty directory). */
    public JsonNode vtyshJson(Router r, String command) {
        String out = Command.run(
                        List.of("vtysh", "--vty_socket", get("TOPO_DIR") + "/router-" + r.key(), "-c", command),
                        Map.of(),
                        Duration.ofSeconds(15))
                .orThrow()
                .stdout();
        try {
            return JSON.readTree(out.isBlank() ? "{}" : out);
        } catch (IOException e) {
            throw new IllegalStateException("vtysh '" + command + "' printed no JSON: " + out, e);
        }
    }

    public String nbctl(String... args) {
        List<String> a = new ArrayList<>(List.of("ovn-nbctl", "--db=" + get("NB")));
        a.addAll(List.of(args));
        return Command.run(a, Map.of(), Duration.ofSeconds(15)).orThrow().stdout();
    }

    /** The daemons' log tails, for a failing test's report. */
    public String logs() {
        StringBuilder sb = new StringBuilder();
        String dir = env.get("TOPO_DIR");
        for (String f : List.of(
                "ovn/northd.log", "ovn/controller.log", "ovs/vswitchd.log", "router-a/frr.log", "router-b/frr.log")) {
            Path p = Path.of(dir, f);
            try {
                if (Files.exists(p)) {
                    List<String> lines = Files.readAllLines(p);
                    sb.append("----- ").append(p).append('\n');
                    lines.subList(Math.max(0, lines.size() - 40), lines.size())
                            .forEach(l -> sb.append(l).append('\n'));
                }
            } catch (IOException | UncheckedIOException e) {
                sb.append("(cannot read ").append(p).append(": ").append(e).append(")\n");
            }
        }
        return sb.toString();
    }

    /** {@code hack/topology/down}: every process by pid, the namespaces, the veths, the run directory. */
    @Override
    public void close() {
        if (!up) {
            return;
        }
        up = false;
        Command.Result r = Command.run(List.of(scripts.resolve("down").toString()), env, Duration.ofSeconds(60));
        if (!r.ok()) {
            throw new IllegalStateException("hack/topology/down failed: " + r.stderr());
        }
    }
}
