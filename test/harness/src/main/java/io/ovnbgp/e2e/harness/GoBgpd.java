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

/** gobgpd from a TOML string, its gRPC API on a free loopback port, queried with the {@code gobgp} CLI. */
public final class GoBgpd implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration READY = Duration.ofSeconds(20);

    private final int grpcPort;
    private final ManagedProcess process;

    private GoBgpd(int grpcPort, ManagedProcess process) {
        this.grpcPort = grpcPort;
        this.process = process;
    }

    static GoBgpd start(Path dir, String name, String toml) {
        Path conf = dir.resolve(name + ".toml");
        try {
            Files.createDirectories(dir);
            Files.writeString(conf, toml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + conf, e);
        }
        int grpc = FreePorts.next();
        ManagedProcess p = ManagedProcess.start(
                name,
                dir,
                List.of("gobgpd", "-f", conf.toString(), "--api-hosts", "127.0.0.1:" + grpc, "--log-plain"),
                Map.of());
        GoBgpd g = new GoBgpd(grpc, p);
        try {
            p.awaitReady(
                    "gobgp global answers", READY, () -> g.gobgpResult("global").ok());
        } catch (RuntimeException e) {
            p.close();
            throw e;
        }
        return g;
    }

    public int grpcPort() {
        return grpcPort;
    }

    public ManagedProcess process() {
        return process;
    }

    public Command.Result gobgpResult(String... args) {
        List<String> argv = new ArrayList<>(List.of("gobgp", "-p", Integer.toString(grpcPort)));
        argv.addAll(List.of(args));
        return Command.run(argv, Map.of(), Duration.ofSeconds(15));
    }

    /** Runs the gobgp CLI against this daemon, failing on error; returns stdout. */
    public String gobgp(String... args) {
        return gobgpResult(args).orThrow().stdout();
    }

    /** Runs the gobgp CLI with {@code -j} added and parses its output. */
    public JsonNode gobgpJson(String... args) {
        List<String> argv = new ArrayList<>(List.of(args));
        argv.add("-j");
        String out = gobgp(argv.toArray(String[]::new));
        try {
            return JSON.readTree(out.isBlank() ? "null" : out);
        } catch (IOException e) {
            throw new IllegalStateException("gobgp " + argv + " printed no JSON: " + out, e);
        }
    }

    /** GoBGP's FSM state number for a neighbor (6 = established), or -1 when unknown. */
    public int neighborState(String neighbor) {
        JsonNode n = gobgpJson("neighbor", neighbor);
        return n.path("state").path("session_state").asInt(-1);
    }

    public String logs() {
        return process.logs();
    }

    @Override
    public void close() {
        process.close();
    }
}
