package io.ovnbgp.bridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bridge.status.RoutesView;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code ovn-bgp-bridge routes [PREFIX]}: the table, like {@code show ip bgp}. */
@Command(name = "routes", description = "Show learned prefixes (paths, OVN rows) and originated prefixes (peers told).")
final class RoutesCommand implements Callable<Integer> {
    @Mixin
    EndpointOptions endpoint;

    @Parameters(arity = "0..1", paramLabel = "PREFIX", description = "Only this prefix, e.g. 198.51.100.0/24.")
    String prefix;

    @Option(
            names = "--limit",
            paramLabel = "N",
            defaultValue = "" + RoutesView.DEFAULT_LIMIT,
            description = "At most N learned and N originated prefixes (default ${DEFAULT-VALUE}).")
    int limit;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        if (prefix != null) {
            try {
                Prefix.parse(prefix);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "PREFIX: " + e.getMessage());
            }
        }
        return Reading.run(spec, endpoint, client -> {
            if (prefix != null) {
                JsonNode status = client.get("/status?prefix=" + URLEncoder.encode(prefix, StandardCharsets.UTF_8));
                JsonNode error = status.path("route").path("error");
                if (!error.isMissingNode()) {
                    throw new DaemonUnreachable("ovn-bgp-bridge refused PREFIX " + prefix + ": " + error.asText());
                }
                return endpoint.json
                        ? Reading.pretty(status.path("route"))
                        : RoutesText.render(RoutesText.fromPrefixView(status));
            }
            JsonNode routes = client.get("/routes?limit=" + limit);
            if (routes.has("error")) {
                throw new DaemonUnreachable("ovn-bgp-bridge could not list its routes: "
                        + routes.path("error").asText());
            }
            return endpoint.json ? Reading.pretty(routes) : RoutesText.render(routes);
        });
    }
}
