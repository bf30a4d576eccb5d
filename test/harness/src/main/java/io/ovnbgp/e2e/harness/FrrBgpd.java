package io.ovnbgp.e2e.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * FRR's bgpd alone (no zebra: {@code -Z}), from a configuration string, listening on one loopback address and a
 * chosen port. bgpd drops to user {@code frr}, so its directory belongs to frr; vtysh reaches it through
 * {@code --vty_socket} in that directory.
 */
public final class FrrBgpd implements AutoCloseable {
    public static final Path BGPD = Path.of("/usr/lib/frr/bgpd");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY = Duration.ofSeconds(20);

    private final Path dir;
    private final String address;
    private final int port;
    private final ManagedProcess process;

    private FrrBgpd(Path dir, String address, int port, ManagedProcess process) {
        this.dir = dir;
        this.address = address;
        this.port = port;
        this.process = process;
    }

    static FrrBgpd start(Path dir, String name, String address, int port, String config) {
        return start(dir, name, address, port, config, List.of(), List.of("-Z"));
    }

    /**
     * bgpd with {@code prefix} before its command (e.g. {@code ip netns exec NS}) and {@code zebraArgs} for its
     * link to zebra ({@code -Z} for none, {@code -z SOCKET} for one).
     */
    static FrrBgpd start(
            Path dir,
            String name,
            String address,
            int port,
            String config,
            List<String> prefix,
            List<String> zebraArgs) {
        try {
            Files.createDirectories(dir);
            Path conf = dir.resolve("bgpd.conf");
            Files.writeString(conf, config, StandardCharsets.UTF_8);
            chownToFrr(dir);
            chownToFrr(conf);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + dir + " for bgpd", e);
        }
        List<String> argv = new ArrayList<>(prefix);
        argv.add(BGPD.toString());
        argv.addAll(zebraArgs);
        argv.addAll(List.of(
                "-f",
                dir.resolve("bgpd.conf").toString(),
                "-i",
                dir.resolve("bgpd.pid").toString(),
                "-p",
                Integer.toString(port),
                "-l",
                address,
                "--vty_socket",
                dir.toString(),
                "-u",
                "frr",
                "-g",
                "frr"));
        ManagedProcess p = ManagedProcess.start(name, dir, argv, Map.of());
        FrrBgpd frr = new FrrBgpd(dir, address, port, p);
        try {
            p.awaitReady(
                    "vtysh answers",
                    READY,
                    () -> frr.vtyshResult("show version").ok());
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
        return frr;
    }

    static void chownToFrr(Path p) throws IOException {
        UserPrincipalLookupService lookup = p.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal frr = lookup.lookupPrincipalByName("frr");
        GroupPrincipal frrGroup = lookup.lookupPrincipalByGroupName("frr");
        PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
        view.setOwner(frr);
        view.setGroup(frrGroup);
    }

    public String address() {
        return address;
    }

    public int bgpPort() {
        return port;
    }

    public ManagedProcess process() {
        return process;
    }

    public Command.Result vtyshResult(String command) {
        return Command.run(
                List.of("vtysh", "--vty_socket", dir.toString(), "-d", "bgpd", "-c", command),
                Map.of(),
                Duration.ofSeconds(15));
    }

    /** Runs one vtysh command against this bgpd and returns its output, failing on a vtysh error. */
    public String vtysh(String command) {
        return vtyshResult(command).orThrow().stdout();
    }

    /** Runs a {@code show ... json} command and parses its output. */
    public JsonNode vtyshJson(String command) {
        String out = vtysh(command);
        try {
            return JSON.readTree(out.isBlank() ? "{}" : out);
        } catch (IOException e) {
            throw new IllegalStateException("vtysh '" + command + "' printed no JSON: " + out, e);
        }
    }

    /** Runs configuration commands ({@code configure terminal} is added). */
    public void configure(String... lines) {
        List<String> argv = new ArrayList<>(
                List.of("vtysh", "--vty_socket", dir.toString(), "-d", "bgpd", "-c", "configure terminal"));
        for (String l : lines) {
            argv.add("-c");
            argv.add(l);
        }
        Command.run(argv, Map.of(), Duration.ofSeconds(15)).orThrow();
    }

    /** The state FRR reports for a neighbor ("Established", "Active", ...), or "" when it does not know it. */
    public String neighborState(String neighbor) {
        JsonNode n = vtyshJson("show bgp neighbors " + neighbor + " json").path(neighbor);
        return n.path("bgpState").asText("");
    }

    public String logs() {
        return process.logs();
    }

    @Override
    public void close() {
        process.close();
    }
}
