package io.ovnbgp.ovsdb.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovnbgp.e2e.harness.Command;
import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.OvnDatabases;
import io.ovnbgp.e2e.harness.RealDaemons;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * ovsdb-server probes a TCP client that has been silent for 5 s with {@code echo} and drops it 5 s later if it
 * does not answer. With our own probe off, the connection lives only if the library's answer to the server's
 * echo is good enough: this holds the connection idle past both intervals.
 */
@ExtendWith(RealDaemons.class)
class IdleConnectionIT {
    @Test
    void anIdleTcpConnectionAnswersTheServersProbes(Daemons daemons) throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        // the server's jsonrpc debug log shows its probes and our answers
        Command.run(
                        List.of(
                                "ovs-appctl",
                                "-t",
                                ovn.nbServer().dir().resolve("nb.ctl").toString(),
                                "vlog/set",
                                "jsonrpc:file:dbg"),
                        ovn.env(),
                        Duration.ofSeconds(5))
                .orThrow();
        try (OvsdbSession s = OvsdbSession.open(
                OvsdbRemote.parse(ovn.nbTcpRemote()),
                OvsdbSession.Options.defaults().withProbeInterval(Duration.ZERO),
                Duration.ofSeconds(5))) {
            s.echo(Duration.ofSeconds(5));
            // idle past the server's 5 s probe and its 5 s grace: the connection must live all along
            await("the idle connection lives")
                    .during(Duration.ofSeconds(12))
                    .atMost(Duration.ofSeconds(14))
                    .pollInterval(Duration.ofMillis(500))
                    .untilAsserted(() -> assertThat(s.isConnected())
                            .as("closed: " + s.closeReason())
                            .isTrue());
            assertThat(s.echo(Duration.ofSeconds(5))).isLessThan(Duration.ofSeconds(1));
        }
        String log = Files.readString(ovn.nbServer().dir().resolve("nb.log"));
        assertThat(log).contains("send request, method=\"echo\"");
        assertThat(log).doesNotContain("no response to inactivity probe");
    }
}
