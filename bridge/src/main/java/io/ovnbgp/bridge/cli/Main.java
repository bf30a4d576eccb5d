package io.ovnbgp.bridge.cli;

import io.ovnbgp.bridge.BridgeDaemon;
import io.ovnbgp.bridge.Version;
import io.ovnbgp.bridge.config.BridgeConfig;
import io.ovnbgp.bridge.config.ConfigException;
import io.ovnbgp.bridge.config.ConfigLoader;
import io.ovnbgp.bridge.config.NodeFacts;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ovn-bgp-bridge run|validate --config FILE}; {@code status} and {@code routes} read a running daemon;
 * {@code uninstall} removes this node's rows from OVN Northbound.
 */
@Command(name = "ovn-bgp-bridge", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "Makes OVN-Kubernetes follow BGP: learned routes into OVN Northbound, node prefixes out.",
        subcommands = {Main.Run.class, Main.Validate.class, StatusCommand.class, RoutesCommand.class,
            UninstallCommand.class})
public final class Main implements Runnable {
    /** Exit status for a configuration that was refused. */
    public static final int EXIT_INVALID_CONFIG = 2;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: run, validate, status, routes or uninstall");
    }

    public static void main(String[] args) {
        int code = commandLine().execute(args);
        // The OVSDB library leaves non-daemon threads behind; exit explicitly rather than linger.
        System.exit(code);
    }

    public static CommandLine commandLine() {
        return new CommandLine(new Main());
    }

    static BridgeConfig load(Path file, PrintWriter err) {
        try {
            return ConfigLoader.load(file, NodeFacts.ofThisHost());
        } catch (ConfigException e) {
            err.println(e.getMessage());
            err.flush();
            return null;
        }
    }

    @Command(name = "run", description = "Run the daemon with the configuration in FILE.")
    static final class Run implements Callable<Integer> {
        @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "config.yaml")
        Path config;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            BridgeConfig c = load(config, spec.commandLine().getErr());
            if (c == null) {
                return EXIT_INVALID_CONFIG;
            }
            CountDownLatch stop = new CountDownLatch(1);
            BridgeDaemon daemon;
            try {
                daemon = BridgeDaemon.start(c);
            } catch (IllegalArgumentException e) {
                spec.commandLine().getErr().println("invalid configuration " + config + ":\n  " + e.getMessage());
                spec.commandLine().getErr().flush();
                return EXIT_INVALID_CONFIG;
            } catch (IllegalStateException e) {
                spec.commandLine().getErr().println("cannot start: " + e.getMessage());
                spec.commandLine().getErr().flush();
                return 1;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                daemon.close();
                stop.countDown();
            }, "shutdown"));
            stop.await();
            return 0;
        }
    }

    @Command(name = "validate", description = "Check the configuration in FILE and exit: 0 valid, 2 invalid.")
    static final class Validate implements Callable<Integer> {
        @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE", description = "config.yaml")
        Path config;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            BridgeConfig c = load(config, spec.commandLine().getErr());
            if (c == null) {
                return EXIT_INVALID_CONFIG;
            }
            spec.commandLine().getOut().printf("%s: valid (node %s, AS %d, %d peer(s))%n", config, c.nodeName(),
                    c.localASN(), c.peers().size());
            return 0;
        }
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"ovn-bgp-bridge " + Version.get()};
        }
    }
}
