package io.ovnbgp.ovsdb.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.FreePorts;
import io.ovnbgp.e2e.harness.OvnDatabases;
import io.ovnbgp.e2e.harness.RealDaemons;
import java.nio.file.Files;
import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Against a real ovsdb-server serving the OVN NB schema Debian ships. */
@ExtendWith(RealDaemons.class)
class NorthboundConnectIT {
    private static final Duration T = Duration.ofSeconds(10);

    @Test
    void readsTheNorthboundSchemaVersionOverUnixAndTcp(Daemons daemons) throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        // the version the installed schema file declares, not a number we assume
        String declared = Pattern.compile("\"version\"\\s*:\\s*\"([0-9.]+)\"")
                .matcher(Files.readString(OvnDatabases.NB_SCHEMA)).results().findFirst().orElseThrow().group(1);

        try (OvsdbSession unix = OvsdbSession.open(OvsdbRemote.parse(ovn.nbRemote()), T);
                OvsdbSession tcp = OvsdbSession.open(OvsdbRemote.parse(ovn.nbTcpRemote()), T)) {
            assertThat(unix.databases(T)).contains("OVN_Northbound");
            assertThat(unix.schemaVersion("OVN_Northbound", T)).isEqualTo(declared);
            assertThat(tcp.schemaVersion("OVN_Northbound", T)).isEqualTo(declared);
        }
    }

    @Test
    void aRemoteNobodyListensOnFailsNamingIt() {
        OvsdbRemote nobody = OvsdbRemote.tcp("127.0.0.1", FreePorts.next());
        assertThatThrownBy(() -> OvsdbSession.open(nobody, T))
                .isInstanceOf(OvsdbException.class)
                .hasMessageContaining(nobody.toString());
    }
}
