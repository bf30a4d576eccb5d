package io.ovnbgp.e2e.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Self-checks of the harness, not of our code: ovsdb-server, ovn-northd and ovn-nbctl as the harness runs them, and
 * the harness's own process and directory clean-up.
 */
@ExtendWith(RealDaemons.class)
class OvnDatabasesSelfCheckIT {

    @Test
    void northboundAcceptsAnEcmpRouteOnUnixAndTcp(Daemons daemons) {
        OvnDatabases ovn = daemons.ovnNb();
        ovn.nbctl("lr-add", "GR_node1");
        ovn.nbctl("--ecmp", "lr-route-add", "GR_node1", "10.0.0.0/8", "192.168.1.2");
        ovn.nbctl("--ecmp", "lr-route-add", "GR_node1", "10.0.0.0/8", "192.168.1.3");

        assertThat(ovn.nbctl("lr-route-list", "GR_node1")).contains("10.0.0.0/8", "192.168.1.2", "192.168.1.3", "ecmp");
        // the TCP remote serves the same database
        Command.Result viaTcp = Command.run(
                        List.of("ovn-nbctl", "--db=" + ovn.nbTcpRemote(), "lr-list"), Map.of(), Duration.ofSeconds(10))
                .orThrow();
        assertThat(viaTcp.stdout()).contains("GR_node1");
    }

    @Test
    void northdTurnsEcmpRoutesIntoSouthboundFlows(Daemons daemons) {
        OvnDatabases ovn = daemons.ovnCentral();
        ovn.nbctl("lr-add", "GR_node1");
        ovn.nbctl("lrp-add", "GR_node1", "rtoe-GR_node1", "02:00:00:00:00:01", "172.16.0.1/24");
        ovn.nbctl("--ecmp", "lr-route-add", "GR_node1", "10.0.0.0/8", "172.16.0.2");
        ovn.nbctl("--ecmp", "lr-route-add", "GR_node1", "10.0.0.0/8", "172.16.0.3");

        org.awaitility.Awaitility.await()
                .atMost(Duration.ofSeconds(20))
                .untilAsserted(() -> assertThat(ovn.sbctl("lflow-list", "GR_node1"))
                        .contains("ip4.dst == 10.0.0.0/8")
                        .contains("select("));
    }

    @Test
    void processesAreStoppedByPidAndTheirDirectoryRemoved() {
        long pid;
        Path dir;
        try (Daemons daemons = Daemons.create()) {
            OvnDatabases ovn = daemons.ovnNb();
            pid = ovn.nbServer().pid();
            dir = daemons.dir();
            assertThat(ProcessHandle.of(pid)).isPresent();
        }
        assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive)).isNotEqualTo(Optional.of(true));
        assertThat(dir).doesNotExist();
    }

    @Test
    void aDaemonThatCannotStartFailsWithItsLog(Daemons daemons) {
        // ovsdb-server refuses a database file that is not one; its own words must reach the test
        assertThatThrownBy(() -> daemons.start(
                                "bogus", List.of("ovsdb-server", "--no-chdir", "/nonexistent/nb.db"), Map.of())
                        .awaitReady("never", Duration.ofSeconds(10), () -> false))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("bogus")
                .hasMessageContaining("nonexistent");
    }
}
