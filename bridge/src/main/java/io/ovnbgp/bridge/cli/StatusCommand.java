package io.ovnbgp.bridge.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code ovn-bgp-bridge status}: the peers and OVN, like {@code show bgp summary}. */
@Command(name = "status", description = "Show each peer (state, up/down, prefixes, messages, last error) and OVN.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    EndpointOptions endpoint;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        return Reading.run(spec, endpoint, client -> {
            JsonNode status = client.get("/status");
            return endpoint.json ? Reading.pretty(status) : StatusText.render(status);
        });
    }
}
