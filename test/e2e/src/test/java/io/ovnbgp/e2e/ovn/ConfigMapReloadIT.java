package io.ovnbgp.e2e.ovn;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.ovnbgp.e2e.BridgeYaml;
import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.FreePorts;
import io.ovnbgp.e2e.harness.FrrBgpd;
import io.ovnbgp.e2e.harness.KubeApi;
import io.ovnbgp.e2e.harness.ManagedProcess;
import io.ovnbgp.e2e.harness.OvnDatabases;
import io.ovnbgp.e2e.harness.RealDaemons;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The packaged bridge run as in a Pod, {@code run --configmap bridge-config}: its configuration and a peer's
 * password come through the Kubernetes API (fabric8's mock server), and each new version of the ConfigMap or the
 * Secret is applied live, checked at real FRR peers (their session counts, the NOTIFICATION they got), in NB, on
 * {@code /metrics} and, for a refused version, as an Event on the ConfigMap.
 */
@ExtendWith(RealDaemons.class)
class ConfigMapReloadIT extends BridgeFixture {
    private static final String NS = "ovn-bgp";
    private static final String CONFIGMAP = "bridge-config";
    private static final String A = "127.0.0.2";
    private static final String B = "127.0.0.3";
    private static final String C = "127.0.0.4";
    private static final String A_NET = "198.51.100.0/24";
    private static final String B_NET = "198.51.101.0/24";
    private static final String B_NET2 = "198.51.102.0/24";
    private static final String C_NET = "198.51.103.0/24";
    private static final String PASSWORD_1 = "md5-first";
    private static final String PASSWORD_2 = "md5-second";
    private static final Duration FAST_POLL = Duration.ofMillis(50);

    private static String peer(String name, FrrBgpd frr, String extra) {
        return peerEntry(name, frr, extra.isEmpty() ? "" : ", " + extra);
    }

    private static void putConfig(KubeApi kube, String yaml) {
        kube.client().configMaps().inNamespace(NS).withName(CONFIGMAP).edit(cm -> {
            cm.getData().put("config.yaml", yaml);
            return cm;
        });
    }

    private static void putPassword(KubeApi kube, String key, String password) {
        kube.client().secrets().inNamespace(NS).withName("bgp-auth").edit(s -> {
            s.getData().put(key, Base64.getEncoder().encodeToString(password.getBytes(StandardCharsets.UTF_8)));
            return s;
        });
    }

    private static List<Event> events(KubeApi kube, String reason) {
        return kube.client().v1().events().inNamespace(NS).list().getItems().stream()
                .filter(e -> reason.equals(e.getReason()))
                .toList();
    }

    /** tor-a, tor-b and tor-c (FRR) and the ConfigMap versions that name them, each behind the same header. */
    private record Tors(FrrBgpd a, FrrBgpd b, FrrBgpd c, String header) {
        String peerA() {
            return peer("tor-a", a, "receive: {mode: all}, password: {secretRef: {name: bgp-auth, key: tor-a}}");
        }

        String peerB() {
            return peer("tor-b", b, "receive: {mode: all}");
        }

        String peerBFiltered() {
            return peer("tor-b", b, "receive: {mode: filtered, prefixes: [{prefix: " + B_NET + "}]}");
        }

        String peerC() {
            return peer("tor-c", c, "receive: {mode: all}");
        }

        /** The first version: tor-a and tor-b, both taking every route. */
        String aAndB() {
            return header + peerA() + peerB();
        }

        /** tor-c added and tor-b's import policy narrowed to {@code B_NET}. */
        String withC() {
            return header + peerA() + peerBFiltered() + peerC();
        }

        /** {@link #withC()} without tor-c again. */
        String withoutC() {
            return header + peerA() + peerBFiltered();
        }
    }

    /** The bridge running from the ConfigMap, the FRRs around it and the NB it writes to. */
    private record Running(OvnDatabases ovn, Tors tors, ManagedProcess bridge, int httpPort) {}

    /**
     * What every scenario here starts from: the packaged bridge run as the DaemonSet runs it, from the ConfigMap
     * holding {@link Tors#aAndB()} or, with {@code withC}, {@link Tors#withC()}; tor-a with the Secret's password.
     * Returns once every configured ToR is Established and NB holds their routes.
     */
    private static Running start(Daemons daemons, KubeApi kube, boolean withC) throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        ovn.nbctl("lr-add", "GR_node1");
        int bridgePort = FreePorts.next();
        int httpPort = FreePorts.next();
        FrrBgpd a = frr(daemons, A, "10.255.0.2", bridgePort, "203.0.113.2", A_NET);
        a.configure("router bgp " + FRR_AS, "neighbor 127.0.0.1 password " + PASSWORD_1);
        FrrBgpd b = frr(daemons, B, "10.255.0.3", bridgePort, "203.0.113.3", B_NET, B_NET2);
        FrrBgpd c = frr(daemons, C, "10.255.0.4", bridgePort, "203.0.113.4", C_NET);
        Tors tors = new Tors(a, b, c, BridgeYaml.node1(bridgePort, ovn.nbRemote(), "", httpPort) + "peers:\n");

        kube.createSecret(NS, "bgp-auth", Map.of("tor-a", PASSWORD_1));
        kube.client()
                .configMaps()
                .inNamespace(NS)
                .resource(new ConfigMapBuilder()
                        .withNewMetadata()
                        .withName(CONFIGMAP)
                        .withNamespace(NS)
                        .endMetadata()
                        .addToData("config.yaml", withC ? tors.withC() : tors.aAndB())
                        .build())
                .create();
        Path kubeconfig = kube.kubeconfig(daemons.newDir("kube"));
        // as the DaemonSet runs it: the namespace from POD_NAMESPACE (the kubeconfig's context says default)
        ManagedProcess bridge = daemons.start(
                "bridge",
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-jar",
                        JAR.toString(),
                        "run",
                        "--configmap",
                        CONFIGMAP),
                Map.of("KUBECONFIG", kubeconfig.toString(), "POD_NAMESPACE", NS));
        bridge.awaitReady(
                "/healthz",
                Duration.ofSeconds(60),
                () -> get("http://127.0.0.1:" + httpPort + "/healthz").statusCode() == 200);

        // started from the ConfigMap, tor-a with the Secret's password
        List<String> rows = withC
                ? List.of(A_NET + " via 203.0.113.2", B_NET + " via 203.0.113.3", C_NET + " via 203.0.113.4")
                : List.of(A_NET + " via 203.0.113.2", B_NET + " via 203.0.113.3", B_NET2 + " via 203.0.113.3");
        Awaitility.await().atMost(SYNC).pollInterval(POLL).untilAsserted(() -> {
            assertThat(a.neighborState("127.0.0.1")).isEqualTo("Established");
            assertThat(b.neighborState("127.0.0.1")).isEqualTo("Established");
            if (withC) {
                assertThat(c.neighborState("127.0.0.1")).isEqualTo("Established");
            }
            assertThat(owned(ovn)).containsExactlyInAnyOrderElementsOf(rows);
        });
        assertThat(metric(metrics(httpPort), "ovn_bgp_bridge_config_valid")).isEqualTo(1.0);
        assertThat(bridge.logs()).contains("watching configmap " + NS + "/" + CONFIGMAP + " (key config.yaml)");
        return new Running(ovn, tors, bridge, httpPort);
    }

    @Test
    void aPeerAddedAndAnImportPolicyNarrowedApplyLiveAndTheOtherSessionsStay(Daemons daemons) throws Exception {
        try (KubeApi kube = KubeApi.start()) {
            Running up = start(daemons, kube, false);
            FrrBgpd a = up.tors().a();
            FrrBgpd b = up.tors().b();
            FrrBgpd c = up.tors().c();
            String aSessions = sessions(a);
            String bSessions = sessions(b);

            // tor-c added and tor-b's import policy narrowed: tor-c comes up, tor-b and tor-a keep their sessions
            long t0 = System.nanoTime();
            putConfig(kube, up.tors().withC());
            Awaitility.await()
                    .atMost(SYNC)
                    .pollInterval(FAST_POLL)
                    .untilAsserted(
                            () -> assertThat(c.neighborState("127.0.0.1")).isEqualTo("Established"));
            long upMs = (System.nanoTime() - t0) / 1_000_000;
            Awaitility.await()
                    .atMost(SYNC)
                    .pollInterval(POLL)
                    .untilAsserted(() -> assertThat(owned(up.ovn()))
                            .containsExactlyInAnyOrder(
                                    A_NET + " via 203.0.113.2",
                                    B_NET + " via 203.0.113.3",
                                    C_NET + " via 203.0.113.4"));
            assertThat(sessions(a)).as("tor-a is unchanged: its session stays").isEqualTo(aSessions);
            assertThat(sessions(b)).as("a policy change keeps tor-b's session").isEqualTo(bSessions);
            assertThat(metric(metrics(up.httpPort()), "ovn_bgp_bridge_config_reloads_total{outcome=\"applied\"}"))
                    .isEqualTo(1.0);
            // informational (docs/benchmarks.md), polled every 50 ms: not a timed assertion
            System.out.printf("ConfigMap update -> added peer Established: %d ms%n", upMs);
            up.bridge().assertAlive();
        }
    }

    @Test
    void anInvalidVersionIsRefusedWholeAsAnEventOnTheConfigMapAndTheNextGoodOneApplies(Daemons daemons)
            throws Exception {
        try (KubeApi kube = KubeApi.start()) {
            Running up = start(daemons, kube, true);
            Tors tors = up.tors();
            int httpPort = up.httpPort();
            String aSessions = sessions(tors.a());
            String bSessions = sessions(tors.b());
            String cSessions = sessions(tors.c());

            // an invalid version is refused whole: metric, log with the field path, an Event on the ConfigMap
            putConfig(
                    kube,
                    tors.header() + tors.peerA() + tors.peerBFiltered().replace("holdTime", "hodlTime") + tors.peerC());
            Awaitility.await().atMost(SYNC).pollInterval(POLL).untilAsserted(() -> {
                assertThat(metric(metrics(httpPort), "ovn_bgp_bridge_config_valid"))
                        .isEqualTo(0.0);
                assertThat(up.bridge().logs())
                        .contains("configuration from configmap " + NS + "/" + CONFIGMAP
                                + " refused, the running one stays in force")
                        .contains("peers[1].hodlTime: unknown field");
                assertThat(events(kube, "InvalidConfig")).isNotEmpty();
            });
            Event refused = events(kube, "InvalidConfig").get(0);
            assertThat(refused.getType()).isEqualTo("Warning");
            assertThat(refused.getInvolvedObject().getKind()).isEqualTo("ConfigMap");
            assertThat(refused.getInvolvedObject().getNamespace()).isEqualTo(NS);
            assertThat(refused.getInvolvedObject().getName()).isEqualTo(CONFIGMAP);
            assertThat(refused.getMessage()).contains("peers[1].hodlTime: unknown field");
            assertThat(List.of(sessions(tors.a()), sessions(tors.b()), sessions(tors.c())))
                    .as("the sessions run on")
                    .containsExactly(aSessions, bSessions, cSessions);
            assertThat(owned(up.ovn())).hasSize(3);
            // the next good version makes the configuration valid again
            putConfig(kube, tors.withC());
            Awaitility.await()
                    .atMost(SYNC)
                    .pollInterval(POLL)
                    .untilAsserted(() -> assertThat(metric(metrics(httpPort), "ovn_bgp_bridge_config_valid"))
                            .isEqualTo(1.0));
            up.bridge().assertAlive();
        }
    }

    @Test
    void aPasswordChangedInTheSecretResetsThatPeerAloneUntilItHasTheNewOneToo(Daemons daemons) throws Exception {
        try (KubeApi kube = KubeApi.start()) {
            Running up = start(daemons, kube, true);
            FrrBgpd a = up.tors().a();
            FrrBgpd b = up.tors().b();
            FrrBgpd c = up.tors().c();
            String aSessions = sessions(a);
            String bSessions = sessions(b);
            String cSessions = sessions(c);

            // tor-a's password changes in the Secret: tor-a alone is reset (Cease / Other Configuration Change)
            // and cannot come back while FRR still has the old password
            putPassword(kube, "tor-a", PASSWORD_2);
            Awaitility.await().atMost(SYNC).pollInterval(POLL).untilAsserted(() -> {
                assertThat(a.logs()).contains("received from neighbor 127.0.0.1 6/6");
                assertThat(a.neighborState("127.0.0.1")).isNotEqualTo("Established");
            });
            // FRR retries every second: were the old password still in use, it would be back within 3 s
            Awaitility.await("tor-a stays down")
                    .during(Duration.ofSeconds(3))
                    .atMost(Duration.ofSeconds(5))
                    .pollInterval(POLL)
                    .untilAsserted(() -> assertThat(a.neighborState("127.0.0.1"))
                            .as("a password FRR does not know")
                            .isNotEqualTo("Established"));
            // FRR given the new password too: tor-a is back, tor-b and tor-c never noticed
            a.configure("router bgp " + FRR_AS, "neighbor 127.0.0.1 password " + PASSWORD_2);
            Awaitility.await().atMost(SYNC).pollInterval(POLL).untilAsserted(() -> {
                assertThat(a.neighborState("127.0.0.1")).isEqualTo("Established");
                assertThat(owned(up.ovn())).contains(A_NET + " via 203.0.113.2");
            });
            assertThat(sessions(a)).isNotEqualTo(aSessions);
            assertThat(List.of(sessions(b), sessions(c))).containsExactly(bSessions, cSessions);
            assertThat(up.bridge().logs())
                    .contains("Secret " + NS + "/bgp-auth changed")
                    .contains("tor-a: session settings changed, reset");
            up.bridge().assertAlive();
        }
    }

    @Test
    void aPeerRemovedFromTheConfigMapIsDeconfiguredAndItsRouteLeavesNb(Daemons daemons) throws Exception {
        try (KubeApi kube = KubeApi.start()) {
            Running up = start(daemons, kube, true);
            FrrBgpd a = up.tors().a();
            FrrBgpd b = up.tors().b();
            String aSessions = sessions(a);
            String bSessions = sessions(b);

            // tor-c removed from the ConfigMap: Cease / Peer De-configured at FRR, its route leaves NB
            long t0 = System.nanoTime();
            putConfig(kube, up.tors().withoutC());
            Awaitility.await()
                    .atMost(SYNC)
                    .pollInterval(FAST_POLL)
                    .untilAsserted(() -> assertThat(owned(up.ovn())).doesNotContain(C_NET + " via 203.0.113.4"));
            long goneMs = (System.nanoTime() - t0) / 1_000_000;
            Awaitility.await()
                    .atMost(SYNC)
                    .pollInterval(POLL)
                    .untilAsserted(() -> assertThat(neighbor(up.tors().c())
                                    .path("lastNotificationReason")
                                    .asText())
                            .containsAnyOf("Peer Unconfigured", "Peer De-configured"));
            assertThat(owned(up.ovn()))
                    .containsExactlyInAnyOrder(A_NET + " via 203.0.113.2", B_NET + " via 203.0.113.3");
            assertThat(List.of(sessions(a), sessions(b))).containsExactly(aSessions, bSessions);
            // informational (docs/benchmarks.md), polled every 50 ms: not a timed assertion
            System.out.printf("ConfigMap update -> removed peer's route gone from NB: %d ms%n", goneMs);
            up.bridge().assertAlive();
        }
    }
}
