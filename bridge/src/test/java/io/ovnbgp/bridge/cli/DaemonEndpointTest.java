package io.ovnbgp.bridge.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovnbgp.bridge.config.ConfigLoader;
import io.ovnbgp.bridge.config.NodeFacts;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** Where the reading commands look for the daemon, and the one line they print when it is not there. */
class DaemonEndpointTest {
    private static final String BASE = """
            nodeName: node1
            localASN: 64512
            routerID: 192.0.2.10
            """;

    @Test
    void urlThenConfigMetricsThenTheDefault() throws Exception {
        assertThat(DaemonEndpoint.resolve(null, null)).hasToString("http://127.0.0.1:9473");
        assertThat(DaemonEndpoint.resolve("http://10.0.0.1:9000/", null)).hasToString("http://10.0.0.1:9000");
        var wildcard = ConfigLoader.parse(
                BASE + "metrics: {address: 0.0.0.0, port: 9555}\n", "t", new NodeFacts("node1", "192.0.2.10", false));
        assertThat(DaemonEndpoint.resolve(null, wildcard)).hasToString("http://127.0.0.1:9555");
        var v6 = ConfigLoader.parse(
                BASE + "metrics: {address: '::', port: 9556}\n", "t", new NodeFacts("node1", "192.0.2.10", false));
        assertThat(DaemonEndpoint.resolve(null, v6)).hasToString("http://[::1]:9556");
        var specific = ConfigLoader.parse(
                BASE + "metrics: {address: 192.0.2.10, port: 9557}\n",
                "t",
                new NodeFacts("node1", "192.0.2.10", false));
        assertThat(DaemonEndpoint.resolve(null, specific)).hasToString("http://192.0.2.10:9557");
        assertThat(DaemonEndpoint.resolve("http://127.0.0.1:1", specific)).hasToString("http://127.0.0.1:1");
        assertThatThrownBy(() -> DaemonEndpoint.resolve("localhost", null)).hasMessageContaining("--url");
    }

    @Test
    void anUnreachableDaemonExitsOneWithOneLine() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        for (String[] args : new String[][] {
            {"status", "--url", "http://127.0.0.1:" + port}, {"routes", "--url", "http://127.0.0.1:" + port, "--json"}
        }) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            int code = Main.commandLine()
                    .setOut(new PrintWriter(out))
                    .setErr(new PrintWriter(err))
                    .execute(args);
            assertThat(code).isEqualTo(1);
            assertThat(out.toString()).isEmpty();
            assertThat(err.toString())
                    .startsWith("cannot reach ovn-bgp-bridge at http://127.0.0.1:" + port + ": ")
                    .hasLineCount(1);
        }
    }
}
