package io.ovnbgp.e2e.daemon;

import io.ovnbgp.e2e.harness.Command;
import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.ManagedProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * podman as this project runs it: with the settings of hack/podman/containers.conf (through CONTAINERS_CONF, as
 * hack/image.sh does), never the machine's own.
 */
final class Podman {
    static final Path TOP =
            Path.of(System.getProperty("project.top", "../..")).toAbsolutePath().normalize();
    private static final Map<String, String> ENV =
            Map.of("CONTAINERS_CONF", TOP.resolve("hack/podman/containers.conf").toString());

    private Podman() {}

    /** Why podman cannot run here, or null when it can (installed, and its engine answers). */
    static String whyNot() {
        try {
            Command.Result r = run(Duration.ofSeconds(60), "info", "--format", "{{.Host.OCIRuntime.Name}}");
            return r.ok() ? null : "podman info failed: " + r.stderr().strip();
        } catch (RuntimeException e) {
            return "no podman here (" + e.getMessage() + ")";
        }
    }

    static Command.Result run(Duration timeout, String... args) {
        List<String> argv = new ArrayList<>();
        argv.add("podman");
        argv.addAll(List.of(args));
        return Command.run(argv, ENV, timeout);
    }

    static Command.Result run(String... args) {
        return run(Duration.ofSeconds(60), args);
    }

    /** hack/image.sh: the image from the jar this build just made; the Debian base is made once and kept. */
    static void buildImage() {
        if (!Files.isRegularFile(TOP.resolve("bridge/target/ovn-bgp-bridge.jar"))) {
            throw new IllegalStateException("no bridge/target/ovn-bgp-bridge.jar: the bridge module is packaged first");
        }
        Command.run(List.of(TOP.resolve("hack/image.sh").toString()), Map.of(), Duration.ofMinutes(10))
                .orThrow();
    }

    /**
     * A container run in the foreground by a podman process the harness owns (its output is the test's log on
     * failure); {@link #close()} removes it even if that process was killed.
     */
    record Container(String name, ManagedProcess process) implements AutoCloseable {
        static Container run(Daemons daemons, String name, List<String> podmanRunArgs, List<String> command) {
            Podman.run("rm", "--force", "--ignore", name); // a leftover of a killed run
            List<String> argv = new ArrayList<>(List.of("podman", "run", "--name", name));
            argv.addAll(podmanRunArgs);
            argv.addAll(command);
            return new Container(name, daemons.start(name, argv, ENV));
        }

        Command.Result exec(String... command) {
            List<String> args = new ArrayList<>(List.of("exec", name));
            args.addAll(List.of(command));
            return Podman.run(args.toArray(String[]::new));
        }

        /** The container's exit code once it has exited, else -1. */
        int exitCode() {
            Command.Result r = Podman.run("inspect", "--format", "{{.State.Status}} {{.State.ExitCode}}", name);
            String[] statusAndCode = r.stdout().strip().split(" ");
            return r.ok() && statusAndCode[0].equals("exited") ? Integer.parseInt(statusAndCode[1]) : -1;
        }

        @Override
        public void close() {
            Podman.run("rm", "--force", "--time", "0", "--ignore", name);
        }
    }
}
