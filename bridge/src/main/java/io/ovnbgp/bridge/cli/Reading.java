package io.ovnbgp.bridge.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.ovnbgp.bridge.config.BridgeConfig;
import java.io.PrintWriter;
import java.net.URI;
import picocli.CommandLine;

/** What the reading commands share: find the endpoint, fetch, print; exit 1 with one line when that fails. */
final class Reading {
    /** Fetches from the daemon and renders. */
    interface View {
        String render(DaemonClient client) throws DaemonUnreachable;
    }

    private Reading() {}

    static int run(CommandLine.Model.CommandSpec spec, EndpointOptions endpoint, View view) {
        PrintWriter err = spec.commandLine().getErr();
        BridgeConfig config = null;
        if (endpoint.config != null && (endpoint.url == null || endpoint.url.isBlank())) {
            config = Main.load(endpoint.config, err);
            if (config == null) {
                return Main.EXIT_INVALID_CONFIG;
            }
        }
        URI base;
        try {
            base = DaemonEndpoint.resolve(endpoint.url, config);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        try {
            String out = view.render(new DaemonClient(base));
            PrintWriter o = spec.commandLine().getOut();
            o.print(out.endsWith("\n") ? out : out + "\n");
            o.flush();
            return 0;
        } catch (DaemonUnreachable e) {
            err.println(e.getMessage());
            err.flush();
            return 1;
        }
    }

    static String pretty(JsonNode n) {
        try {
            return DaemonClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(n);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
