package io.ovnbgp.bridge.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovnbgp.bgp.rib.Rib;
import io.ovnbgp.bgp.rib.RibSettings;
import io.ovnbgp.bgp.transport.BgpSpeaker;
import io.ovnbgp.bridge.config.BridgeConfig;
import io.ovnbgp.bridge.config.ConfigException;
import io.ovnbgp.bridge.config.ConfigLoader;
import io.ovnbgp.bridge.config.NodeFacts;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The speaker's own rules (one session per address) against the order a reload changes peers in. */
class RunningPeersTest {
    private BgpSpeaker speaker;
    private Rib rib;
    private RunningPeers peers;

    @BeforeEach
    void start() throws InterruptedException {
        speaker = BgpSpeaker.start(InetAddress.getLoopbackAddress(), 0);
        rib = new Rib(RibSettings.of(64512, 0x0A000001));
        peers = new RunningPeers(speaker, rib, (s, e) -> {});
    }

    @AfterEach
    void stop() {
        speaker.close();
        rib.close();
    }

    private static BridgeConfig config(String peers) throws ConfigException {
        return ConfigLoader.parse(
                "localASN: 64512\nrouterID: 10.0.0.1\nlisten: {port: 0}\npeers:\n" + peers,
                "test",
                new NodeFacts("node1", null));
    }

    private static List<RunningPeers.Change> changes(BridgeConfig c) {
        return IntStream.range(0, c.peers().size())
                .mapToObj(i -> new RunningPeers.Change(c.peers().get(i), PeerSettingsFactory.from(c, i)))
                .toList();
    }

    private Map<String, String> addresses() {
        return peers.byName().values().stream()
                .collect(Collectors.toMap(
                        r -> r.settings().name(),
                        r -> r.settings().remoteAddress().getHostAddress()));
    }

    @Test
    void twoPeersSwappingTheirAddressesInOneVersionBothRun() throws ConfigException {
        BridgeConfig before = config("""
                  - {name: tor-a, address: 127.0.0.2, port: 1, asn: 65001}
                  - {name: tor-b, address: 127.0.0.3, port: 1, asn: 65002}
                """);
        for (RunningPeers.Change c : changes(before)) {
            peers.add(c.config(), c.settings());
        }
        BridgeConfig after = config("""
                  - {name: tor-a, address: 127.0.0.3, port: 1, asn: 65001}
                  - {name: tor-b, address: 127.0.0.2, port: 1, asn: 65002}
                """);
        List<String> done = peers.apply(new RunningPeers.Plan(List.of(), changes(after), List.of(), List.of()));
        assertThat(done).allMatch(line -> line.contains("reset (Cease")).hasSize(2);
        assertThat(addresses()).isEqualTo(Map.of("tor-a", "127.0.0.3", "tor-b", "127.0.0.2"));
        assertThat(speaker.peers()).hasSize(2);
    }

    @Test
    void aNewPeerTakesTheAddressOfOneRemovedInTheSameVersion() throws ConfigException {
        BridgeConfig before = config("  - {name: old, address: 127.0.0.2, port: 1, asn: 65001}\n");
        for (RunningPeers.Change c : changes(before)) {
            peers.add(c.config(), c.settings());
        }
        BridgeConfig after = config("  - {name: new, address: 127.0.0.2, port: 1, asn: 65009}\n");
        List<String> done = peers.apply(new RunningPeers.Plan(List.of("old"), List.of(), changes(after), List.of()));
        assertThat(done).containsExactly("old: removed (Cease / Peer De-configured)", "new: added");
        assertThat(addresses()).isEqualTo(Map.of("new", "127.0.0.2"));
    }

    @Test
    void whatCannotStartIsLeftOutSoThatTheMapHoldsWhatRuns() throws ConfigException {
        BridgeConfig c =
                config("""
                  - {name: a, address: 127.0.0.2, port: 1, asn: 65001}
                  - {name: b, address: 127.0.0.2, port: 2, asn: 65002}
                """.replace("port: 2, ", "port: 2, ").replace("b, address: 127.0.0.2", "b, address: 127.0.0.4"));
        List<RunningPeers.Change> all = changes(c);
        peers.add(all.get(0).config(), all.get(0).settings());
        // the same address again under another name: the speaker refuses it, the reload says so and goes on
        RunningPeers.Change clash = new RunningPeers.Change(
                all.get(1).config(), all.get(1).settings().withLocalAddress(null));
        BridgeConfig clashing = config("  - {name: b, address: 127.0.0.2, port: 2, asn: 65002}\n");
        List<String> done = peers.apply(new RunningPeers.Plan(List.of(), List.of(), changes(clashing), List.of()));
        assertThat(done).singleElement().asString().startsWith("b: cannot start");
        assertThat(addresses()).isEqualTo(Map.of("a", "127.0.0.2"));
        assertThat(clash.settings().name()).isEqualTo("b");
    }
}
