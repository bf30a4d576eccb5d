package io.ovnbgp.bridge.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConfigLoaderTest {
    private static final NodeFacts NODE = new NodeFacts("node1", "192.0.2.10");

    private static BridgeConfig parse(String yaml) throws ConfigException {
        return ConfigLoader.parse(yaml, "test.yaml", NODE);
    }

    private static List<String> problems(String yaml) {
        try {
            parse(yaml);
        } catch (ConfigException e) {
            return e.problems().stream().map(ConfigException.Problem::toString).toList();
        }
        throw new AssertionError("accepted: " + yaml);
    }

    @Test
    void theDesignDocumentsExampleLoadsWithEveryFieldAsWritten() throws Exception {
        BridgeConfig c = parse("""
                nodeName: node1
                localASN: 64512
                routerID: 192.0.2.10
                listen: {address: 0.0.0.0, port: 179}
                ovn:
                  northbound: unix:/var/run/ovn/ovnnb_db.sock
                  router: GR_{node}
                  outputPort: rtoe-GR_{node}
                  maxRoutes: 10000
                  bfd: {enabled: true, minTx: 300, minRx: 300, detectMult: 3}
                metrics: {address: 127.0.0.1, port: 9473}
                bestPath: {multipathRelax: true, maxPaths: 8, alwaysCompareMed: false}
                peers:
                  - name: tor-a
                    address: 192.0.2.1
                    port: 179
                    asn: 65001
                    sourceAddress: 192.0.2.10
                    password: {secretRef: {name: bgp-auth, key: tor-a}}
                    holdTime: 90s
                    keepaliveTime: 30s
                    connectRetryTime: 5s
                    ebgpMultihop: 1
                    ttlSecurity: false
                    gracefulRestart: {enabled: true, restartTime: 120s}
                    families: [ipv4-unicast, ipv6-unicast]
                    maxPrefixes: {limit: 1000, action: teardown}
                    receive:
                      mode: filtered
                      prefixes: [{prefix: 0.0.0.0/0, le: 32}]
                      setLocalPref: 100
                    advertise:
                      podNetwork: true
                      loadBalancerIPs: true
                      externalIPs: false
                      nodeIP: false
                      communities: ["65001:100"]
                      largeCommunities: []
                      asPathPrepend: 0
                """);
        assertThat(c.localASN()).isEqualTo(64512L);
        assertThat(c.ovn().routerFor(c.nodeName())).isEqualTo("GR_node1");
        assertThat(c.ovn().outputPortFor(c.nodeName())).isEqualTo("rtoe-GR_node1");
        BridgeConfig.Peer p = c.peers().get(0);
        assertThat(p.holdTime()).isEqualTo(Duration.ofSeconds(90));
        assertThat(p.password().secretRef().key()).isEqualTo("tor-a");
        assertThat(p.receive().prefixes().get(0).le()).isEqualTo(32);
        assertThat(p.advertise().communities()).containsExactly("65001:100");
    }

    @Test
    void absentFieldsTakeSafeDefaults() throws Exception {
        BridgeConfig c = parse("""
                localASN: 64512
                peers:
                  - {name: tor-a, address: 192.0.2.1, asn: 65001}
                """);
        assertThat(c.nodeName()).isEqualTo("node1");
        assertThat(c.routerID()).isEqualTo("192.0.2.10");
        assertThat(c.ovn().northbound()).isEqualTo("unix:/var/run/ovn/ovnnb_db.sock");
        assertThat(c.ovn().northboundMonitor()).isEqualTo("auto");
        assertThat(c.ovn().maxRoutes()).isEqualTo(10_000);
        assertThat(c.metrics().port()).isEqualTo(9473);
        BridgeConfig.Peer p = c.peers().get(0);
        // RFC 8212 spirit: nothing is received unless the administrator says so
        assertThat(p.receive().mode()).isEqualTo("none");
        assertThat(p.keepaliveTime()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.maxPrefixes().action()).isEqualTo("teardown");
        assertThat(p.families()).containsExactly("ipv4-unicast", "ipv6-unicast");
        // RFC 8212: a peer without an advertise section is sent nothing
        assertThat(p.advertise().podNetwork()).isFalse();
        assertThat(p.advertise().loadBalancerIPs()).isFalse();
        assertThat(p.advertise().externalIPs()).isFalse();
        assertThat(p.advertise().nodeIP()).isFalse();
        assertThat(p.advertise().clusterIPs()).isFalse();
        assertThat(c.kubernetes().serviceCIDRs()).isEmpty();
        // ECMP across upstream routers of different ASes unless told otherwise, as FRR's datacenter profile
        assertThat(c.bestPath()).isEqualTo(new BridgeConfig.BestPath(true, 8, false));
        assertThat(ConfigValidator.notes(c))
                .singleElement()
                .asString()
                .startsWith("peers[0] (tor-a): receives nothing (receive.mode none) and advertises nothing");
    }

    @Test
    void bestPathMaxPathsIsBoundedAndAPeerThatDoesSomethingHasNoNote() throws Exception {
        assertThat(problems("""
                localASN: 64512
                bestPath: {maxPaths: 0}
                """)).containsExactly("bestPath.maxPaths: 0 is outside 1-256 (1: no ECMP)");
        BridgeConfig c = parse("""
                localASN: 64512
                peers:
                  - {name: tor-a, address: 192.0.2.1, asn: 65001, advertise: {podNetwork: true}}
                  - {name: tor-b, address: 192.0.2.2, asn: 65002, receive: {mode: all}}
                """);
        assertThat(ConfigValidator.notes(c)).isEmpty();
    }

    @Test
    void clusterIpsAreAdvertisedFromTheDeclaredServiceCidrs() throws Exception {
        BridgeConfig c = parse("""
                localASN: 64512
                kubernetes: {enabled: true, serviceCIDRs: [10.96.0.0/16, fd00:10:96::/112]}
                peers:
                  - {name: tor-a, address: 192.0.2.1, asn: 65001, advertise: {clusterIPs: true}}
                """);
        assertThat(c.kubernetes().serviceCIDRs()).containsExactly("10.96.0.0/16", "fd00:10:96::/112");
        assertThat(c.peers().get(0).advertise().clusterIPs()).isTrue();
        // advertising something: no "does nothing" note
        assertThat(ConfigValidator.notes(c)).isEmpty();
    }

    @Test
    void clusterIpsWithoutServiceCidrsAreRefusedWithTheirPath() {
        assertThat(problems("""
                localASN: 64512
                peers:
                  - {name: tor-a, address: 192.0.2.1, asn: 65001, advertise: {podNetwork: true}}
                  - {name: tor-b, address: 192.0.2.2, asn: 65002, advertise: {clusterIPs: true}}
                """))
                .containsExactly("peers[1].advertise.clusterIPs: advertising ClusterIPs needs"
                        + " kubernetes.serviceCIDRs (the cluster's Service CIDR, as kube-apiserver's"
                        + " --service-cluster-ip-range)");
    }

    @Test
    void serviceCidrsMustBePrefixesAndNoDefaultRoute() {
        assertThat(problems("""
                localASN: 64512
                kubernetes:
                  serviceCIDRs: [10.96.0.1/16, 10.96.0.0, "fd00::/129", 0.0.0.0/0, ~, 10.97.0.0/16]
                """))
                .containsExactly(
                        "kubernetes.serviceCIDRs[0]: '10.96.0.1/16' has host bits set beyond /16",
                        "kubernetes.serviceCIDRs[1]: '10.96.0.0' is not an address/length prefix",
                        "kubernetes.serviceCIDRs[2]: 'fd00::/129': length 129 is over 128",
                        "kubernetes.serviceCIDRs[3]: '0.0.0.0/0' is a default route, not a Service CIDR",
                        "kubernetes.serviceCIDRs[4]: required");
    }

    @Test
    void clusterIpsWithoutTheKubernetesApiAreNotedAsCidrsOnly() throws Exception {
        BridgeConfig c = parse("""
                localASN: 64512
                kubernetes: {enabled: false, serviceCIDRs: [10.96.0.0/16]}
                peers:
                  - {name: tor-a, address: 192.0.2.1, asn: 65001, advertise: {clusterIPs: true}}
                """);
        assertThat(ConfigValidator.notes(c))
                .singleElement()
                .asString()
                .startsWith("peers[0] (tor-a): advertise.clusterIPs without the Kubernetes API");
    }

    @Test
    void aMisspeltFieldIsRefusedWithItsPath() {
        assertThat(problems("""
                localASN: 64512
                peers:
                  - {name: tor-a, address: 192.0.2.1, asn: 65001, hodlTime: 90s}
                """)).singleElement().asString().startsWith("peers[0].hodlTime: unknown field");
        assertThat(problems("""
                localASN: 64512
                ovn: {routr: x}
                """)).singleElement().asString().startsWith("ovn.routr: unknown field");
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedWithItsPath() {
        assertThat(problems("""
                localASN: 64512
                peers:
                  - {name: tor-a, address: 192.0.2.1, asn: 65001, port: abc}
                """)).singleElement().asString().startsWith("peers[0].port:");
        assertThat(problems("""
                localASN: 64512
                peers:
                  - {name: tor-a, address: 192.0.2.1, asn: 65001, holdTime: soon}
                """))
                .singleElement()
                .asString()
                .contains("peers[0].holdTime:")
                .contains("not a duration");
    }

    @Test
    void everyInvalidValueIsReportedAtOnce() {
        List<String> p = problems("""
                localASN: 23456
                routerID: 0.0.0.0
                ovn: {northbound: "http://nb", northboundMonitor: update2, maxRoutes: 0}
                peers:
                  - name: tor-a
                    address: 192.0.2.300
                    asn: 0
                    holdTime: 2s
                    families: [ipv4-multicast]
                    maxPrefixes: {limit: 0, action: explode}
                    receive: {mode: filtered}
                    advertise: {communities: ["65001:70000"], largeCommunities: ["1:2"], asPathPrepend: 11}
                  - {name: tor-a, address: 192.0.2.2, asn: 65002, keepaliveTime: 90s}
                """);
        assertThat(p)
                .anyMatch(s -> s.startsWith("localASN: 23456 is AS_TRANS"))
                .anyMatch(s -> s.startsWith("routerID:"))
                .anyMatch(s -> s.startsWith("ovn.northbound:"))
                .anyMatch(s -> s.startsWith("ovn.northboundMonitor: not a monitor mode: 'update2'"))
                .anyMatch(s -> s.startsWith("ovn.maxRoutes:"))
                .anyMatch(s -> s.startsWith("peers[0].address:"))
                .anyMatch(s -> s.startsWith("peers[0].asn:"))
                .anyMatch(s -> s.startsWith("peers[0].holdTime:"))
                .anyMatch(s -> s.startsWith("peers[0].families[0]:"))
                .anyMatch(s -> s.startsWith("peers[0].maxPrefixes.limit:"))
                .anyMatch(s -> s.startsWith("peers[0].maxPrefixes.action:"))
                .anyMatch(s -> s.startsWith("peers[0].receive.prefixes:"))
                .anyMatch(s -> s.startsWith("peers[0].advertise.communities[0]:"))
                .anyMatch(s -> s.startsWith("peers[0].advertise.largeCommunities[0]:"))
                .anyMatch(s -> s.startsWith("peers[0].advertise.asPathPrepend:"))
                .anyMatch(s -> s.startsWith("peers[1].name: 'tor-a' is already"))
                .anyMatch(s -> s.startsWith("peers[1].keepaliveTime:"));
    }

    @Test
    void prefixFiltersMustBeWellFormed() {
        List<String> p = problems("""
                localASN: 64512
                peers:
                  - name: tor-a
                    address: 2001:db8::1
                    asn: 65001
                    receive:
                      mode: filtered
                      prefixes:
                        - {prefix: 10.0.0.1/8}
                        - {prefix: 10.0.0.0/8, ge: 4}
                        - {prefix: "2001:db8::/32", ge: 48, le: 40}
                        - {prefix: 10.0.0.0/33}
                """);
        assertThat(p)
                .containsExactly(
                        "peers[0].receive.prefixes[0].prefix: '10.0.0.1/8' has host bits set beyond /8",
                        "peers[0].receive.prefixes[1].ge: 4 must be from the prefix length 8 to 32",
                        "peers[0].receive.prefixes[2].le: 40 must be from 48 to 128",
                        "peers[0].receive.prefixes[3].prefix: '10.0.0.0/33': length 33 is over 32");
    }

    @Test
    void malformedYamlAndEmptyFilesAreRefused() {
        assertThat(problems("localASN: 64512\npeers: [{name: a\n"))
                .singleElement()
                .asString()
                .contains("not valid YAML");
        assertThat(problems("")).singleElement().asString().contains("empty");
        assertThat(problems("localASN: 1\nlocalASN: 2\n"))
                .singleElement()
                .asString()
                .contains("localASN");
    }

    @Test
    void durationsReadAsAdministratorsWriteThem() {
        assertThat(DurationText.parse("90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationText.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationText.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationText.parse("2h")).isEqualTo(Duration.ofHours(2));
        assertThatThrownBy(() -> DurationText.parse("1x")).hasMessageContaining("not a duration");
        assertThatThrownBy(() -> DurationText.parse("s")).hasMessageContaining("not a duration");
    }

    @Test
    void kubernetesIsOnInAPodOrWithAKubeconfigAndOffElseUnlessSaidOtherwise(@org.junit.jupiter.api.io.TempDir Path dir)
            throws Exception {
        String base = "localASN: 64512\n";
        assertThat(parse(base).kubernetes().enabled()).isFalse();
        assertThat(ConfigLoader.parse(base, "t", new NodeFacts("node1", "192.0.2.10", true))
                        .kubernetes()
                        .enabled())
                .isTrue();
        assertThat(ConfigLoader.parse(
                                base + "kubernetes: {enabled: false}\n",
                                "t",
                                new NodeFacts("node1", "192.0.2.10", true))
                        .kubernetes()
                        .enabled())
                .isFalse();
        // run --configmap reads through the API, so the rest uses it too, in a Pod or not
        assertThat(ConfigLoader.parse(base, "t", new NodeFacts("node1", "192.0.2.10").withKubernetesApi())
                        .kubernetes()
                        .enabled())
                .isTrue();
        Path kc = Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\n");
        assertThat(parse(base + "kubernetes: {kubeconfig: " + kc + "}\n")
                        .kubernetes()
                        .enabled())
                .isTrue();
        assertThat(problems(base + "kubernetes: {kubeconfig: " + dir.resolve("missing") + "}\n"))
                .containsExactly("kubernetes.kubeconfig: cannot read '" + dir.resolve("missing") + "'");
        assertThat(problems(base + "kubernetes: {enabled: maybe}\n"))
                .singleElement()
                .asString()
                .startsWith("kubernetes.enabled: ");
    }
}
