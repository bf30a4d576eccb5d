package io.ovnbgp.e2e.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A whole FRR router, zebra and bgpd, in a network namespace of its own joined to this host by a veth pair, so
 * that what bgpd selects goes through zebra into a kernel routing table (the namespace's) where ECMP can be seen
 * as it will forward. The link is {@code 10.99.K.0/24} and {@code fd99:0:K::/64}: the router is {@code .2} /
 * {@code ::2}, this host {@code .1} / {@code ::1} plus one address of each family per {@link #hostAddress(int)}
 * asked for (to tell several speakers on this host apart). Deleting the namespace on close removes the veth pair,
 * its addresses and every route.
 */
public final class FrrRouter implements AutoCloseable {
    public static final Path ZEBRA = Path.of("/usr/lib/frr/zebra");
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY = Duration.ofSeconds(20);

    private final String netns;
    private final String subnet;
    private final String subnet6;
    private final Path dir;
    private final List<AutoCloseable> parts = new ArrayList<>();
    private FrrBgpd bgpd;

    private FrrRouter(String netns, String subnet, Path dir) {
        this.netns = netns;
        this.subnet = subnet;
        this.subnet6 = "fd99:0:" + subnet.substring(subnet.lastIndexOf('.') + 1) + ":";
        this.dir = dir;
    }

    /**
     * @param hostAddresses how many extra host-side addresses ({@code .11}, {@code .12}, ...)
     * @param bgpdConfig    bgpd's configuration; its listener is {@link #address()} port 179
     */
    static FrrRouter start(Path dir, int hostAddresses, String bgpdConfig) {
        int k = (int) ((ProcessHandle.current().pid() * 7 + SEQ.incrementAndGet()) % 250) + 1;
        String tag = Long.toString(ProcessHandle.current().pid() % 100000) + "x" + SEQ.get();
        FrrRouter r = new FrrRouter("ovnbgp-" + tag, "10.99." + k, dir);
        try {
            r.plumb("vh" + tag, "vn" + tag, hostAddresses);
            r.startDaemons(bgpdConfig);
            return r;
        } catch (RuntimeException e) {
            r.close();
            throw e;
        }
    }

    private void plumb(String hostIf, String nsIf, int hostAddresses) {
        ip("netns", "add", netns);
        parts.add(() -> Command.run(List.of("ip", "netns", "del", netns)));
        ip("link", "add", hostIf, "type", "veth", "peer", "name", nsIf);
        ip("link", "set", nsIf, "netns", netns);
        ip("addr", "add", subnet + ".1/24", "dev", hostIf);
        ip("addr", "add", subnet6 + ":1/64", "dev", hostIf, "nodad");
        for (int i = 1; i <= hostAddresses; i++) {
            ip("addr", "add", hostAddress(i) + "/24", "dev", hostIf);
            ip("addr", "add", hostAddress6(i) + "/64", "dev", hostIf, "nodad");
        }
        ip("link", "set", hostIf, "up");
        ip("-n", netns, "link", "set", "lo", "up");
        ip("-n", netns, "addr", "add", address() + "/24", "dev", nsIf);
        ip("-n", netns, "addr", "add", subnet6 + ":2/64", "dev", nsIf, "nodad");
        ip("-n", netns, "link", "set", nsIf, "up");
    }

    private void startDaemons(String bgpdConfig) {
        Path zdir = dir.resolve("zebra");
        Path sock = dir.resolve("zserv.api");
        try {
            Files.createDirectories(zdir);
            Files.writeString(
                    zdir.resolve("zebra.conf"), "hostname router\nlog stdout informational\n", StandardCharsets.UTF_8);
            FrrBgpd.chownToFrr(dir);
            FrrBgpd.chownToFrr(zdir);
            FrrBgpd.chownToFrr(zdir.resolve("zebra.conf"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + zdir + " for zebra", e);
        }
        ManagedProcess zebra = ManagedProcess.start(
                "zebra",
                zdir,
                List.of(
                        "ip",
                        "netns",
                        "exec",
                        netns,
                        ZEBRA.toString(),
                        "-f",
                        zdir.resolve("zebra.conf").toString(),
                        "-i",
                        zdir.resolve("zebra.pid").toString(),
                        "-z",
                        sock.toString(),
                        "--vty_socket",
                        zdir.toString(),
                        "-u",
                        "frr",
                        "-g",
                        "frr"),
                Map.of());
        parts.add(zebra);
        zebra.awaitReady(
                "zebra answers", READY, () -> zebraResult("show version").ok());
        bgpd = FrrBgpd.start(
                dir.resolve("bgpd"),
                "bgpd",
                address(),
                179,
                bgpdConfig,
                List.of("ip", "netns", "exec", netns),
                List.of("-z", sock.toString()));
        parts.add(bgpd);
    }

    private static void ip(String... args) {
        List<String> argv = new ArrayList<>(List.of("ip"));
        argv.addAll(List.of(args));
        Command.run(argv, Map.of(), Duration.ofSeconds(15)).orThrow();
    }

    /** The router's address on the link. */
    public String address() {
        return subnet + ".2";
    }

    /** The i-th extra address of this host on the link (1-based): {@code 10.99.K.(10+i)}. */
    public String hostAddress(int i) {
        return subnet + "." + (10 + i);
    }

    /** The i-th extra IPv6 address of this host on the link (1-based): {@code fd99:0:K::(10+i)}. */
    public String hostAddress6(int i) {
        return subnet6 + ":" + (10 + i);
    }

    /** The link's prefix, e.g. for {@code bgp listen range}. */
    public String linkPrefix() {
        return subnet + ".0/24";
    }

    public FrrBgpd bgpd() {
        return bgpd;
    }

    private Command.Result zebraResult(String command) {
        return Command.run(
                List.of("vtysh", "--vty_socket", dir.resolve("zebra").toString(), "-d", "zebra", "-c", command),
                Map.of(),
                Duration.ofSeconds(15));
    }

    /** A {@code show ... json} command of zebra: its RIB ({@code show ip route X json}). */
    public JsonNode zebraJson(String command) {
        String out = zebraResult(command).orThrow().stdout();
        try {
            return JSON.readTree(out.isBlank() ? "{}" : out);
        } catch (IOException e) {
            throw new IllegalStateException("zebra '" + command + "' printed no JSON: " + out, e);
        }
    }

    /** The namespace's kernel routes for a prefix, as {@code ip -j route show} prints them. */
    public JsonNode kernelRoutes(String prefix) {
        String family = prefix.contains(":") ? "-6" : "-4";
        String out = Command.run(
                        List.of("ip", family, "-n", netns, "-j", "route", "show", prefix),
                        Map.of(),
                        Duration.ofSeconds(15))
                .orThrow()
                .stdout();
        try {
            return JSON.readTree(out.isBlank() ? "[]" : out);
        } catch (IOException e) {
            throw new IllegalStateException("ip route printed no JSON: " + out, e);
        }
    }

    public String logs() {
        StringBuilder sb = new StringBuilder();
        for (AutoCloseable p : parts) {
            if (p instanceof ManagedProcess m) {
                sb.append(m.logs());
            } else if (p instanceof FrrBgpd b) {
                sb.append(b.logs());
            }
        }
        return sb.toString();
    }

    /** Stops bgpd, then zebra, then deletes the namespace (and with it the link). */
    @Override
    public void close() {
        for (int i = parts.size() - 1; i >= 0; i--) {
            try {
                parts.get(i).close();
            } catch (Exception e) {
                System.err.println("closing " + netns + ": " + e);
            }
        }
        parts.clear();
    }
}
