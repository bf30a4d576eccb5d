package io.ovnbgp.ovsdb.nb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovnbgp.ovsdb.client.OvsdbRemote;
import io.ovnbgp.ovsdb.client.TlsOptions;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class NorthboundOptionsTest {
    @Test
    void defaultsAndClusterLists() {
        NorthboundOptions o = NorthboundOptions.parse("unix:/var/run/ovn/ovnnb_db.sock");
        assertThat(o.remotes()).containsExactly(OvsdbRemote.unix(Path.of("/var/run/ovn/ovnnb_db.sock")));
        assertThat(o.leaderOnly()).isTrue();
        assertThat(o.probeInterval()).isEqualTo(Duration.ofSeconds(5));
        assertThat(o.minBackoff()).isEqualTo(Duration.ofMillis(500));
        assertThat(o.maxBackoff()).isEqualTo(Duration.ofSeconds(30));
        assertThat(NorthboundOptions.parse("tcp:10.0.0.1:6641,tcp:10.0.0.2:6641, tcp:10.0.0.3:6641")
                        .remotes())
                .hasSize(3);
    }

    @Test
    void sslNeedsTlsFilesAndBadValuesAreRefused() {
        assertThatThrownBy(() -> NorthboundOptions.parse("ssl:10.0.0.1:6641,ssl:10.0.0.2:6641"))
                .hasMessageContaining("ssl remotes need a private key, certificate and CA certificate");
        TlsOptions tls =
                new TlsOptions(Path.of("/etc/ovn/key.pem"), Path.of("/etc/ovn/cert.pem"), Path.of("/etc/ovn/ca.pem"));
        NorthboundOptions o = NorthboundOptions.parse("ssl:10.0.0.1:6641", tls);
        assertThat(o.tls()).isEqualTo(tls);
        assertThat(o.remotes().get(0).kind()).isEqualTo(OvsdbRemote.Kind.SSL);
        NorthboundOptions base = NorthboundOptions.parse("tcp:127.0.0.1:6641");
        assertThatThrownBy(() -> base.withBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("below the minimum");
        assertThatThrownBy(() -> base.withProbeInterval(Duration.ofSeconds(-1))).hasMessageContaining(">= 0");
        assertThatThrownBy(() -> base.withTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
                .hasMessageContaining("connect timeout must be positive");
        assertThatThrownBy(() -> NorthboundOptions.parse("http://x")).hasMessageContaining("expected unix:PATH");
    }
}
