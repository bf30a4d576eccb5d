package io.ovnbgp.bridge;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovnbgp.bgp.rib.Rib;
import io.ovnbgp.bgp.rib.RibSettings;
import io.ovnbgp.bgp.transport.BgpSpeaker;
import io.ovnbgp.bridge.bgp.PeerSettingsFactory;
import io.ovnbgp.bridge.bgp.RunningPeers;
import io.ovnbgp.bridge.config.BridgeConfig;
import io.ovnbgp.bridge.config.ConfigLoader;
import io.ovnbgp.bridge.config.NodeFacts;
import io.ovnbgp.bridge.metrics.BridgeMetrics;
import java.io.ByteArrayOutputStream;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Reloads against a real speaker and RIB (no remote end: sessions stay in Connect/Active, which is enough). */
class ConfigReloaderTest {
    private static final NodeFacts NODE = new NodeFacts("node1", "10.0.0.1");
    private static final String HEAD = "localASN: 64512\nlisten: {address: 127.0.0.1, port: 0}\npeers:\n";
    private static final String A = "  - {name: a, address: 127.0.0.2, port: 1, asn: 65001}\n";
    private static final String B_SECRET = "  - {name: b, address: 127.0.0.3, port: 1, asn: 65002,"
            + " password: {secretRef: {name: bgp-auth, key: b}}}\n";

    private BgpSpeaker speaker;
    private Rib rib;
    private RunningPeers peers;
    private BridgeMetrics metrics;
    private final List<String> refusals = new CopyOnWriteArrayList<>();
    /** What the Secret holds; null: it cannot be read. */
    private final AtomicReference<String> secret = new AtomicReference<>("one");

    @BeforeEach
    void start() throws Exception {
        speaker = BgpSpeaker.start(InetAddress.getLoopbackAddress(), 0);
        rib = new Rib(RibSettings.of(64512, 0x0A000001));
        peers = new RunningPeers(speaker, rib, (s, e) -> {});
        metrics = new BridgeMetrics("node1", "test");
    }

    @AfterEach
    void stop() {
        speaker.close();
        rib.close();
    }

    private ConfigReloader reloader(String text) throws Exception {
        BridgeConfig c = ConfigLoader.parse(text, "test", NODE);
        PeerSettingsFactory.SecretReader reader = (ref, field) -> {
            String v = secret.get();
            if (v == null) {
                throw new IllegalArgumentException(field + ": Secret default/" + ref.name() + " does not exist");
            }
            return v;
        };
        for (int i = 0; i < c.peers().size(); i++) {
            peers.add(c.peers().get(i), PeerSettingsFactory.from(c, i, reader));
        }
        return new ConfigReloader(c, text, NODE, peers, metrics, () -> reader, refusals::add, x -> {});
    }

    private String scrape() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        metrics.write(out);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aSecretThatCannotBeReadRefusesTheWholeVersion() throws Exception {
        ConfigReloader r = reloader(HEAD + A);
        secret.set(null);
        ConfigReloader.Result result = r.reload(HEAD + A.replace("65001", "65009") + B_SECRET, "test v2");
        assertThat(result.outcome()).isEqualTo(ConfigReloader.Outcome.REFUSED);
        assertThat(result.details())
                .singleElement()
                .asString()
                .contains("peers[1].password.secretRef: Secret default/bgp-auth does not exist");
        // nothing of it was applied: a keeps its AS, b was not added
        assertThat(peers.byName()).containsOnlyKeys("a");
        assertThat(peers.byName().get("a").settings().remoteAs()).isEqualTo(65001);
        assertThat(scrape())
                .contains("ovn_bgp_bridge_config_valid 0.0")
                .contains("ovn_bgp_bridge_config_reloads_total{outcome=\"refused\"} 1.0");
        assertThat(refusals).singleElement().asString().contains("refused, the running one stays in force");
    }

    @Test
    void aNewPasswordBehindAnUnchangedReferenceResetsThatPeerAloneAndAnUnchangedOneNothing() throws Exception {
        ConfigReloader r = reloader(HEAD + A + B_SECRET);
        var before = peers.byName();
        assertThat(r.reread("Secret default/bgp-auth").outcome()).isEqualTo(ConfigReloader.Outcome.UNCHANGED);
        assertThat(scrape())
                .as("a re-read that changes nothing is no reload")
                .contains("ovn_bgp_bridge_config_reloads_total{outcome=\"unchanged\"} 0.0");
        secret.set("two");
        ConfigReloader.Result result = r.reread("Secret default/bgp-auth");
        assertThat(result.outcome()).isEqualTo(ConfigReloader.Outcome.APPLIED);
        assertThat(result.details()).singleElement().asString().startsWith("b: session settings changed, reset");
        assertThat(peers.byName().get("a").session()).isSameAs(before.get("a").session());
        assertThat(peers.byName().get("b").session())
                .isNotSameAs(before.get("b").session());
        assertThat(peers.byName().get("b").settings().md5Password()).isEqualTo("two");
    }

    @Test
    void aRestartOnlyFieldIsRefusedByNameAndAFixedVersionIsValidAgain() throws Exception {
        ConfigReloader r = reloader(HEAD + A);
        ConfigReloader.Result refused = r.reload(HEAD.replace("64512", "64513") + A, "test v2");
        assertThat(refused.details()).containsExactly("localASN: cannot change while running; a restart applies it");
        assertThat(r.reload(HEAD + A, "test v3").outcome()).isEqualTo(ConfigReloader.Outcome.UNCHANGED);
        assertThat(scrape()).contains("ovn_bgp_bridge_config_valid 1.0");
        assertThat(r.status()).containsEntry("valid", true).containsEntry("lastReload", "unchanged");
    }
}
