package io.ovnbgp.ovsdb.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.FreePorts;
import io.ovnbgp.e2e.harness.OvnDatabases;
import io.ovnbgp.e2e.harness.RealDaemons;
import io.ovnbgp.ovsdb.nb.ServerStatus;
import io.ovnbgp.ovsdb.nb.ServerWatch;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
                .matcher(Files.readString(OvnDatabases.NB_SCHEMA))
                .results()
                .findFirst()
                .orElseThrow()
                .group(1);

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

    @Test
    void jsonRpcErrorsReachTheCallerWithTheServersWords(Daemons daemons) throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        try (OvsdbSession s = OvsdbSession.open(OvsdbRemote.parse(ovn.nbRemote()), T)) {
            // the library turns an error reply into a null result; the text must survive anyway
            assertThatThrownBy(() -> s.schemaVersion("No_Such_DB", T))
                    .isInstanceOf(OvsdbException.class)
                    .hasMessageContaining("get_schema No_Such_DB failed")
                    .hasMessageContaining("unknown database");
            assertThatThrownBy(() -> s.monitor(
                                    "No_Such_DB",
                                    "m",
                                    List.of(new MonitorRequest("T", List.of("c"))),
                                    new OvsdbSession.MonitorSink() {
                                        @Override
                                        public void initial(List<RowUpdate> rows) {}

                                        @Override
                                        public void update(List<RowUpdate> rows) {}
                                    },
                                    T)
                            .get(10, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(OvsdbException.class)
                    .hasMessageContaining("unknown database");
            assertThatThrownBy(() -> s.transact("No_Such_DB", List.of(Op.comment("x")), T))
                    .isInstanceOfSatisfying(
                            TransactionException.class,
                            e -> assertThat(e.kind()).isEqualTo(TransactionException.Kind.SERVER_ERROR))
                    .hasMessageContaining("unknown database");
            // a select names its columns and gets them (the library's column-less select returns empty rows)
            TxResult r = s.transact("OVN_Northbound", List.of(Op.select("NB_Global", List.of(), "name", "options")), T);
            assertThat(r.get(0).rows()).isEmpty();
            // the session is still usable after those errors
            assertThat(s.echo(T)).isLessThan(T);
            ServerStatus st = ServerWatch.watch(s, "OVN_Northbound", x -> {}, T).get(10, TimeUnit.SECONDS);
            assertThat(st.model()).isEqualTo("standalone");
            assertThat(st.acceptsLeaderOnlyWrites()).isTrue();
        }
    }
}
