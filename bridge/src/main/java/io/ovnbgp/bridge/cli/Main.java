package io.ovnbgp.bridge.cli;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.ovnbgp.bridge.BridgeDaemon;
import io.ovnbgp.bridge.Version;
import io.ovnbgp.bridge.config.BridgeConfig;
import io.ovnbgp.bridge.config.ConfigException;
import io.ovnbgp.bridge.config.ConfigLoader;
import io.ovnbgp.bridge.config.ConfigValidator;
import io.ovnbgp.bridge.config.NodeFacts;
import io.ovnbgp.bridge.kube.ConfigMapWatcher;
import io.ovnbgp.bridge.kube.KubernetesSources;
import io.ovnbgp.bridge.kube.SecretPasswords;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ovn-bgp-bridge run|validate --config FILE}; {@code status} and {@code routes} read a running daemon;
 * {@code uninstall} removes this node's rows from OVN Northbound.
 */
@Command(
        name = "ovn-bgp-bridge",
        mixinStandardHelpOptions = true,
        versionProvider = Main.VersionProvider.class,
        description = "Makes OVN-Kubernetes follow BGP: learned routes into OVN Northbound, node prefixes out.",
        subcommands = {
            Main.Run.class,
            Main.Validate.class,
            StatusCommand.class,
            RoutesCommand.class,
            UninstallCommand.class
        })
public final class Main implements Runnable {
    /** Exit status for a configuration that was refused. */
    public static final int EXIT_INVALID_CONFIG = 2;
    /** How long {@code run --configmap} waits for the API server to hand over the ConfigMap at start. */
    static final Duration CONFIGMAP_WAIT = Duration.ofSeconds(30);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "missing command: run, validate, status, routes or uninstall");
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

    @Command(
            name = "run",
            description = {
                "Run the daemon with the configuration in FILE or in a ConfigMap.",
                "Later versions are applied live, as a difference; an invalid one is refused and the running one stays."
            })
    static final class Run implements Callable<Integer> {
        @CommandLine.ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        static final class Source {
            @Option(
                    names = {"-c", "--config"},
                    paramLabel = "FILE",
                    description = "config.yaml, watched for changes")
            Path config;

            @Option(
                    names = "--configmap",
                    paramLabel = "NAME",
                    description = {
                        "ConfigMap (key config.yaml) in the"
                                + " namespace POD_NAMESPACE, read and watched through the Kubernetes API"
                    })
            String configMap;
        }

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        /** The first version of the configuration, where it came from, and the API client it was read with. */
        private record Loaded(
                BridgeConfig config, BridgeDaemon.ConfigOrigin origin, String source, KubernetesClient client) {}

        /** A start refused before the daemon exists: what to print and the exit code. */
        private static final class Refused extends Exception {
            private final int code;

            Refused(String message, int code) {
                super(message);
                this.code = code;
            }
        }

        private Loaded fromFile(NodeFacts node) throws Refused {
            String source = source().config.toString();
            try {
                String text = Files.readString(source().config, StandardCharsets.UTF_8);
                return new Loaded(
                        ConfigLoader.parse(text, source, node),
                        new BridgeDaemon.ConfigOrigin.File(source().config, text),
                        source,
                        null);
            } catch (IOException e) {
                throw new Refused(
                        "invalid configuration " + source + ":\n  (top level): cannot read: " + e, EXIT_INVALID_CONFIG);
            } catch (ConfigException e) {
                throw new Refused(e.getMessage(), EXIT_INVALID_CONFIG);
            }
        }

        /** The API the ConfigMap comes through is there for the rest too (ConfigOrigin.ConfigMap.nodeFacts). */
        private Loaded fromConfigMap(NodeFacts node) throws Refused {
            KubernetesClient configClient = KubernetesSources.client(new BridgeConfig.Kubernetes(true, null, null));
            ConfigMapWatcher watcher =
                    new ConfigMapWatcher(configClient, SecretPasswords.namespaceOf(configClient), source().configMap);
            String source = watcher.source();
            try {
                String text = watcher.read(CONFIGMAP_WAIT);
                return new Loaded(
                        ConfigLoader.parse(text, source, node),
                        new BridgeDaemon.ConfigOrigin.ConfigMap(watcher, text),
                        source,
                        configClient);
            } catch (IllegalArgumentException | ConfigException e) {
                configClient.close();
                throw new Refused(
                        e instanceof ConfigException
                                ? e.getMessage()
                                : "invalid configuration " + source + ":\n  (top level): " + e.getMessage(),
                        EXIT_INVALID_CONFIG);
            } catch (IllegalStateException e) {
                configClient.close();
                throw new Refused("cannot start: " + e.getMessage(), 1);
            }
        }

        @Override
        public Integer call() throws Exception {
            PrintWriter err = spec.commandLine().getErr();
            Loaded loaded;
            try {
                loaded = source().config != null
                        ? fromFile(NodeFacts.ofThisHost())
                        : fromConfigMap(NodeFacts.ofThisHost().withKubernetesApi());
            } catch (Refused r) {
                err.println(r.getMessage());
                err.flush();
                return r.code;
            }
            BridgeConfig c = loaded.config();
            BridgeDaemon.ConfigOrigin origin = loaded.origin();
            String source = loaded.source();
            KubernetesClient configClient = loaded.client();
            CountDownLatch stop = new CountDownLatch(1);
            BridgeDaemon daemon;
            try {
                daemon = BridgeDaemon.start(c, origin);
            } catch (IllegalArgumentException e) {
                err.println("invalid configuration " + source + ":\n  " + e.getMessage());
                err.flush();
                return EXIT_INVALID_CONFIG;
            } catch (IllegalStateException e) {
                err.println("cannot start: " + e.getMessage());
                err.flush();
                return 1;
            }
            KubernetesClient toClose = configClient;
            // SIGTERM: a stop bounded in time (BoundedStop.BOUND; the DaemonSet's grace period is set from it)
            Runtime.getRuntime().addShutdownHook(BoundedStop.shutdownHook(daemon, () -> {
                if (toClose != null) {
                    toClose.close();
                }
                stop.countDown();
            }));
            stop.await();
            return 0;
        }

        private Source source() {
            return source;
        }
    }

    @Command(name = "validate", description = "Check the configuration in FILE and exit: 0 valid, 2 invalid.")
    static final class Validate implements Callable<Integer> {
        @Option(
                names = {"-c", "--config"},
                required = true,
                paramLabel = "FILE",
                description = "config.yaml")
        Path config;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            BridgeConfig c = load(config, spec.commandLine().getErr());
            if (c == null) {
                return EXIT_INVALID_CONFIG;
            }
            spec.commandLine()
                    .getOut()
                    .printf(
                            "%s: valid (node %s, AS %d, %d peer(s))%n",
                            config, c.nodeName(), c.localASN(), c.peers().size());
            for (String note : ConfigValidator.notes(c)) {
                spec.commandLine().getOut().println("  note: " + note);
            }
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
