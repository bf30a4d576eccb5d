package io.ovnbgp.e2e.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.ovnbgp.e2e.BridgeYaml;
import io.ovnbgp.e2e.Http;
import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.FreePorts;
import io.ovnbgp.e2e.harness.FrrBgpd;
import io.ovnbgp.e2e.harness.KubeApi;
import io.ovnbgp.e2e.harness.ManagedProcess;
import io.ovnbgp.e2e.harness.OvnDatabases;
import io.ovnbgp.e2e.harness.RealDaemons;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The packaged bridge posts Kubernetes Events on its Node as a session with FRR comes up and goes down. */
@ExtendWith(RealDaemons.class)
class SessionEventsIT {
    private static final Path JAR = Path.of(System.getProperty("bridge.jar", "../../bridge/target/ovn-bgp-bridge.jar"));

    @Test
    void aSessionUpAndAShutdownByFrrAreEventsOnTheNode(Daemons daemons) throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        int bridgePort = FreePorts.next();
        int frrPort = FreePorts.next();
        int httpPort = FreePorts.next();
        FrrBgpd frr = daemons.frr("127.0.0.2", frrPort, BridgeJarIT.torAConfig(bridgePort));
        try (KubeApi kube = KubeApi.start()) {
            Path conf = daemons.newDir("conf").resolve("config.yaml");
            Files.writeString(
                    conf,
                    BridgeYaml.node1(bridgePort, ovn.nbRemote(), "", httpPort)
                            + """
                    kubernetes: {kubeconfig: "%s"}
                    peers:
                      - {name: tor-a, address: 127.0.0.2, port: %d, asn: 65001, holdTime: 9s, keepaliveTime: 3s,
                         connectRetryTime: 1s}
                    """.formatted(kube.kubeconfig(daemons.newDir("kube")), frrPort));
            ManagedProcess bridge = daemons.start(
                    "bridge",
                    List.of(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-jar",
                            JAR.toString(),
                            "run",
                            "--config",
                            conf.toString()),
                    Map.of());
            bridge.awaitReady(
                    "/healthz",
                    Duration.ofSeconds(60),
                    () -> Http.get("http://127.0.0.1:" + httpPort + "/healthz").statusCode() == 200);

            Event up = awaitEvent(kube, "BGPSessionEstablished");
            assertThat(up.getType()).isEqualTo("Normal");
            assertThat(up.getMessage())
                    .startsWith("BGP session with tor-a (127.0.0.2) Established: AS 65001," + " router ID 10.255.0.1");
            assertThat(up.getInvolvedObject().getKind()).isEqualTo("Node");
            assertThat(up.getInvolvedObject().getName()).isEqualTo("node1");

            frr.configure("router bgp 65001", "neighbor 127.0.0.1 shutdown message change 4711");
            Event down = awaitEvent(kube, "BGPSessionDown");
            assertThat(down.getType()).isEqualTo("Warning");
            assertThat(down.getMessage())
                    .startsWith("BGP session with tor-a (127.0.0.2) down: received NOTIFICATION")
                    .contains("Cease / Administrative Shutdown", "change 4711");
            bridge.assertAlive();
        }
    }

    private static Event awaitEvent(KubeApi kube, String reason) {
        return Awaitility.await(reason + " event")
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .until(
                        () -> kube.client().v1().events().inNamespace("default").list().getItems().stream()
                                .filter(e -> reason.equals(e.getReason()))
                                .findFirst()
                                .orElse(null),
                        e -> e != null);
    }
}
