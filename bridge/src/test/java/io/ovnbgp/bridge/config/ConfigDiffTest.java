package io.ovnbgp.bridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovnbgp.bridge.config.ConfigDiff.PeerChange;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigDiffTest {
    private static final NodeFacts NODE = new NodeFacts("node1", "192.0.2.10");

    private static BridgeConfig parse(String peers) throws ConfigException {
        return ConfigLoader.parse("""
                localASN: 64512
                listen: {address: 127.0.0.1, port: 1179}
                kubernetes: {serviceCIDRs: [10.96.0.0/16]}
                peers:
                """ + peers, "test", NODE);
    }

    @Test
    void eachPeerIsClassifiedByWhatChanged() throws ConfigException {
        BridgeConfig running = parse("""
                  - {name: same, address: 192.0.2.1, asn: 65001}
                  - {name: timers, address: 192.0.2.2, asn: 65002}
                  - {name: policy, address: 192.0.2.3, asn: 65003}
                  - {name: gone, address: 192.0.2.4, asn: 65004}
                  - {name: families, address: 192.0.2.6, asn: 65006, families: [ipv4-unicast, ipv6-unicast]}
                """);
        BridgeConfig next = parse("""
                  - {name: same, address: 192.0.2.1, asn: 65001}
                  - {name: timers, address: 192.0.2.2, asn: 65002, holdTime: 9s}
                  - {name: policy, address: 192.0.2.3, asn: 65003, receive: {mode: all}}
                  - {name: new, address: 192.0.2.5, asn: 65005}
                  - {name: families, address: 192.0.2.6, asn: 65006, families: [ipv6-unicast, ipv4-unicast]}
                """);
        ConfigDiff d = ConfigDiff.between(running, next);
        assertThat(d.restartOnly()).isEmpty();
        assertThat(d.peers())
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "same",
                        PeerChange.UNCHANGED,
                        "timers",
                        PeerChange.SESSION,
                        "policy",
                        PeerChange.POLICY,
                        "gone",
                        PeerChange.REMOVED,
                        "new",
                        PeerChange.ADDED,
                        "families",
                        PeerChange.UNCHANGED));
        assertThat(d.isEmpty()).isFalse();
    }

    @Test
    void everySessionSettingResetsAndEveryPolicySettingDoesNot() throws ConfigException {
        String base = "  - {name: p, address: 192.0.2.1, asn: 65001%s}\n";
        BridgeConfig running = parse(base.formatted(""));
        for (String session : new String[] {
            "address: 192.0.2.9",
            "port: 1790",
            "asn: 65009",
            "sourceAddress: 192.0.2.10",
            "password: {file: /dev/null}",
            "holdTime: 30s",
            "keepaliveTime: 10s",
            "connectRetryTime: 1s",
            "ebgpMultihop: 2",
            "ttlSecurity: true",
            "gracefulRestart: {enabled: false}",
            "families: [ipv4-unicast]",
            "passive: true"
        }) {
            String text = base.formatted(", " + session)
                    .replace("address: 192.0.2.1, asn: 65001, address: 192.0.2.9", "address: 192.0.2.9, asn: 65001")
                    .replace("asn: 65001, asn: 65009", "asn: 65009");
            assertThat(ConfigDiff.between(running, parse(text)).peers().get("p"))
                    .as(session)
                    .isEqualTo(PeerChange.SESSION);
        }
        for (String policy : new String[] {
            "receive: {mode: all}",
            "advertise: {podNetwork: true}",
            "advertise: {clusterIPs: true}",
            "maxPrefixes: {limit: 10}"
        }) {
            assertThat(ConfigDiff.between(running, parse(base.formatted(", " + policy)))
                            .peers()
                            .get("p"))
                    .as(policy)
                    .isEqualTo(PeerChange.POLICY);
        }
    }

    @Test
    void fieldsOnlyARestartAppliesAreNamed() throws ConfigException {
        BridgeConfig running = parse("  - {name: p, address: 192.0.2.1, asn: 65001}\n");
        BridgeConfig next = ConfigLoader.parse("""
                localASN: 64513
                routerID: 192.0.2.11
                nodeName: node2
                listen: {address: 127.0.0.1, port: 1180}
                ovn: {northbound: "tcp:127.0.0.1:6641", northboundMonitor: monitor_cond, router: "lr-{node}"}
                peers:
                  - {name: p, address: 192.0.2.1, asn: 65001}
                """, "test", NODE);
        assertThat(ConfigDiff.between(running, next).restartOnly())
                .containsExactlyInAnyOrder(
                        "nodeName",
                        "localASN",
                        "routerID",
                        "listen",
                        "ovn.northbound",
                        "ovn.northboundMonitor",
                        "ovn.router",
                        "kubernetes.serviceCIDRs");
    }

    @Test
    void theServiceCidrsAreOriginatedOnceSoOnlyARestartChangesThem() throws ConfigException {
        String peers = "  - {name: p, address: 192.0.2.1, asn: 65001, advertise: {clusterIPs: true}}\n";
        BridgeConfig running = parse(peers);
        BridgeConfig next = ConfigLoader.parse("""
                localASN: 64512
                listen: {address: 127.0.0.1, port: 1179}
                kubernetes: {serviceCIDRs: [10.96.0.0/16, "fd00:10:96::/112"]}
                peers:
                """ + peers, "test", NODE);
        ConfigDiff d = ConfigDiff.between(running, next);
        assertThat(d.restartOnly()).containsExactly("kubernetes.serviceCIDRs");
        assertThat(d.peers()).containsExactlyEntriesOf(Map.of("p", PeerChange.UNCHANGED));
    }

    @Test
    void anUnchangedConfigurationIsEmpty() throws ConfigException {
        String peers = "  - {name: p, address: 192.0.2.1, asn: 65001, receive: {mode: all}}\n";
        assertThat(ConfigDiff.between(parse(peers), parse(peers)).isEmpty()).isTrue();
    }

    @Test
    void aRefusalNamesEveryUnknownFieldAndEveryInvalidValueAtOnce() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> parse("""
                  - {name: a, address: 192.0.2.1, asn: 65001, holdTime: 2s}
                  - {name: b, address: 192.0.2.2, asn: 65002, hodlTime: 9s, receive: {mdoe: all}}
                """))
                .isInstanceOfSatisfying(
                        ConfigException.class,
                        e -> assertThat(e.problems())
                                .extracting(ConfigException.Problem::path)
                                .contains("peers[0].holdTime", "peers[1].hodlTime", "peers[1].receive.mdoe"));
    }
}
