package io.ovnbgp.ovsdb.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class OvsdbRemoteTest {
    @Test
    void parsesEachKindAndPrintsItBack() {
        assertThat(OvsdbRemote.parse("unix:/var/run/ovn/ovnnb_db.sock"))
                .isEqualTo(OvsdbRemote.unix(Path.of("/var/run/ovn/ovnnb_db.sock")));
        assertThat(OvsdbRemote.parse("tcp:127.0.0.1:6641")).isEqualTo(OvsdbRemote.tcp("127.0.0.1", 6641));
        OvsdbRemote v6 = OvsdbRemote.parse("ssl:[fd00::1]:6641");
        assertThat(v6.kind()).isEqualTo(OvsdbRemote.Kind.SSL);
        assertThat(v6.host()).isEqualTo("fd00::1");
        assertThat(v6).hasToString("ssl:[fd00::1]:6641");
        assertThat(OvsdbRemote.parseList("tcp:10.0.0.1:6641, tcp:10.0.0.2:6641,tcp:10.0.0.3:6641"))
                .hasSize(3);
    }

    @Test
    void refusesWhatIsNotARemoteSayingWhy() {
        assertThatThrownBy(() -> OvsdbRemote.parse("http://x")).hasMessageContaining("expected unix:PATH");
        assertThatThrownBy(() -> OvsdbRemote.parse("tcp:host")).hasMessageContaining("missing :PORT");
        assertThatThrownBy(() -> OvsdbRemote.parse("tcp:host:70000")).hasMessageContaining("outside 1-65535");
        assertThatThrownBy(() -> OvsdbRemote.parse("tcp:host:x")).hasMessageContaining("not a number");
        assertThatThrownBy(() -> OvsdbRemote.parse("unix:")).hasMessageContaining("socket path");
        assertThatThrownBy(() -> OvsdbRemote.parseList(" , ")).hasMessageContaining("no remote");
    }
}
