package io.ovnbgp.bridge.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --url}, {@code --config}, {@code --json}: how the reading commands find the daemon and what they print. */
final class EndpointOptions {
    @Option(
            names = "--url",
            paramLabel = "URL",
            description = "The daemon's HTTP endpoint. Default: the metrics address of --config, else "
                    + DaemonEndpoint.DEFAULT_URL + ".")
    String url;

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description = "config.yaml, read only for its metrics address and port.")
    Path config;

    @Option(names = "--json", description = "Print the daemon's JSON instead of the table.")
    boolean json;
}
