package io.ovnbgp.ovsdb.nb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.ovnbgp.e2e.harness.Command;
import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.FreePorts;
import io.ovnbgp.e2e.harness.ManagedProcess;
import io.ovnbgp.e2e.harness.OvnDatabases;
import io.ovnbgp.e2e.harness.RealDaemons;
import io.ovnbgp.ovsdb.client.OvsdbException;
import io.ovnbgp.ovsdb.client.OvsdbRemote;
import io.ovnbgp.ovsdb.client.OvsdbSession;
import io.ovnbgp.ovsdb.client.TlsOptions;
import io.ovnbgp.ovsdb.client.Uuid;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** An NB ovsdb-server on {@code pssl:} with certificates from {@code ovs-pki}, as OVN deployments make them. */
@ExtendWith(RealDaemons.class)
class NorthboundTlsIT {
    private static final Duration T = Duration.ofSeconds(10);

    private record Pki(Path ca, Path dir) {
        TlsOptions tls(String name, Path trustedCa) {
            return new TlsOptions(dir.resolve(name + "-privkey.pem"), dir.resolve(name + "-cert.pem"), trustedCa);
        }
    }

    private static Pki pki(Path dir, String... names) {
        Map<String, String> env = Map.of();
        Command.run(
                        List.of(
                                "ovs-pki",
                                "--dir=" + dir.resolve("pki"),
                                "--log=" + dir.resolve("pki.log"),
                                "init",
                                "--force"),
                        env,
                        T)
                .orThrow();
        for (String n : names) {
            // from inside the directory: ovs-pki puts the name (and an id) in the CN, which OpenSSL caps at 64
            // characters, too few for a temp-dir path
            Command.run(
                            List.of(
                                    "sh",
                                    "-c",
                                    "cd \"$1\" && exec ovs-pki --dir=pki --log=pki.log req+sign \"$2\" switch",
                                    "sh",
                                    dir.toString(),
                                    n),
                            env,
                            T)
                    .orThrow();
        }
        return new Pki(dir.resolve("pki/switchca/cacert.pem"), dir);
    }

    @Test
    void connectsOverTlsWithOvsPkiCertificatesAndRefusesAStrangeServer(Daemons daemons) throws Exception {
        Pki pki = pki(daemons.newDir("pki"), "server", "client");
        Pki other = pki(daemons.newDir("other-pki"), "stranger");

        Path dbDir = daemons.newDir("nb-ssl-db");
        Path db = dbDir.resolve("nb.db");
        Command.run(List.of("ovsdb-tool", "create", db.toString(), OvnDatabases.NB_SCHEMA.toString()), Map.of(), T)
                .orThrow();
        int port = FreePorts.next();
        Map<String, String> env = Map.of("OVS_RUNDIR", dbDir.toString(), "OVS_LOGDIR", dbDir.toString());
        ManagedProcess server = daemons.start(
                "nbssl",
                List.of(
                        "ovsdb-server",
                        "--remote=pssl:" + port + ":127.0.0.1",
                        "--remote=punix:" + dbDir.resolve("nb.sock"),
                        "--private-key=" + pki.dir().resolve("server-privkey.pem"),
                        "--certificate=" + pki.dir().resolve("server-cert.pem"),
                        "--ca-cert=" + pki.ca(),
                        "--unixctl=" + dbDir.resolve("nb.ctl"),
                        "--pidfile=" + dbDir.resolve("nb.pid"),
                        "--log-file=" + dbDir.resolve("nbssl.log"),
                        "--no-chdir",
                        db.toString()),
                env);
        String unix = "unix:" + dbDir.resolve("nb.sock");
        server.awaitReady(
                "list-dbs",
                T,
                () -> Command.run(List.of("ovsdb-client", "--timeout=2", "list-dbs", unix), env, Duration.ofSeconds(5))
                        .ok());
        Command.run(List.of("ovn-nbctl", "--db=" + unix, "lr-add", "GR_node1"), env, T)
                .orThrow();

        String remote = "ssl:127.0.0.1:" + port;
        Recorder rec = new Recorder();
        try (NorthboundClient nb =
                NorthboundClient.start(NorthboundOptions.parse(remote, pki.tls("client", pki.ca())), rec)) {
            await().atMost(T).until(() -> nb.isReady() || !nb.state().toString().contains("lastError=null"));
            assertThat(nb.awaitSynced(T)).as(nb.state().toString()).isTrue();
            LogicalRouter gr = nb.snapshot().router("GR_node1").orElseThrow();
            Uuid route = nb.transact(
                            NbOps.addStaticRoute(
                                    gr.uuid(), StaticRouteSpec.of("10.1.0.0/16", "192.168.1.2", Map.of()), "r"),
                            T)
                    .uuidOf("r");
            await().atMost(T).until(() -> nb.snapshot().staticRoute(route).isPresent());
            assertThat(Command.run(List.of("ovn-nbctl", "--db=" + unix, "lr-route-list", "GR_node1"), env, T)
                            .orThrow()
                            .stdout())
                    .contains("10.1.0.0/16");
        }

        // a server whose certificate our CA did not sign: the handshake fails, and says so
        OvsdbSession.Options distrustful = OvsdbSession.Options.defaults().withTls(pki.tls("client", other.ca()));
        assertThatThrownBy(() -> OvsdbSession.open(OvsdbRemote.parse(remote), distrustful, T))
                .isInstanceOf(OvsdbException.class)
                .hasMessageContaining(remote)
                .hasMessageContaining("TLS handshake failed");

        // a client certificate the server's CA did not sign: the server hangs up (during or right after the
        // handshake, depending on the TLS version), so nothing of the database is reachable
        OvsdbSession.Options stranger = OvsdbSession.Options.defaults().withTls(other.tls("stranger", pki.ca()));
        assertThatThrownBy(() -> {
                    try (OvsdbSession s = OvsdbSession.open(OvsdbRemote.parse(remote), stranger, T)) {
                        s.databases(T);
                    }
                })
                .isInstanceOf(OvsdbException.class)
                .hasMessageContaining(remote);

        // a key that does not belong to the certificate is caught before connecting
        TlsOptions mismatched = new TlsOptions(
                pki.dir().resolve("server-privkey.pem"), pki.dir().resolve("client-cert.pem"), pki.ca());
        assertThatThrownBy(mismatched::validate).hasMessageContaining("does not belong to the certificate");
    }
}
