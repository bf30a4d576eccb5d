package io.ovnbgp.e2e.daemon;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovnbgp.e2e.Http;
import io.ovnbgp.e2e.harness.Command;
import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.FreePorts;
import io.ovnbgp.e2e.harness.FrrBgpd;
import io.ovnbgp.e2e.harness.FrrConfig;
import io.ovnbgp.e2e.harness.OvnDatabases;
import io.ovnbgp.e2e.harness.RealDaemons;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The image (hack/image.sh, built here from this build's jar) run as the DaemonSet runs it: host network, the
 * directory of OVN's Northbound socket mounted read-only at /var/run/ovn, the configuration mounted read-only, a read-only
 * root file system with a writable /tmp (the Pod's emptyDir), no privilege escalation, and the least privilege
 * these tests found (docs/least-privilege.md): uid 0 with every capability dropped but NET_BIND_SERVICE.
 * Each privilege has a test that shows what fails without it.
 */
@ExtendWith(RealDaemons.class)
class ContainerImageIT {
    private static final String IMAGE = "localhost/ovn-bgp-bridge:latest";
    /** The bridge's own loopback address, so that BGP's port 179 is free on it whatever else runs here. */
    private static final String BRIDGE = "127.77.0.1";

    private static final String TOR_A = "127.0.0.2";
    private static final String PASSWORD = "md5-in-a-container";
    private static final AtomicInteger SEQ = new AtomicInteger();

    @BeforeAll
    static void theImageFromThisBuildsJar() {
        String whyNot = Podman.whyNot();
        if (whyNot != null) {
            // said out loud: Failsafe counts a class skipped in @BeforeAll as zero tests, without the reason
            String skipped = "SKIPPED ContainerImageIT: the container image tests need podman, which cannot run here: "
                    + whyNot + " (hack/install-deps.sh --image installs it)";
            System.err.println(skipped);
            Assumptions.abort(skipped);
        }
        Podman.buildImage();
    }

    @Test
    void runAsTheDaemonSetRunsItItPeersWithFrrOverTcpMd5OnPort179WritesNorthboundAnswersStatusAndStopsOnSigterm(
            Daemons daemons) throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        ovn.nbctl("lr-add", "GR_node1");
        int frrPort = FreePorts.next();
        int httpPort = FreePorts.next();
        FrrBgpd frr = daemons.frr(TOR_A, frrPort, torAConfig());
        // without graceful restart, the stop is a Cease that FRR records: the proof that SIGTERM reached the JVM
        Path conf = config(daemons, 179, httpPort, """
                  - {name: tor-a, address: %s, port: %d, asn: 65001, sourceAddress: %s, holdTime: 9s,
                     keepaliveTime: 3s, connectRetryTime: 1s, receive: {mode: all},
                     gracefulRestart: {enabled: false}, password: {file: /etc/ovn-bgp-bridge/tor-a.password}}
                """.formatted(TOR_A, frrPort, BRIDGE));
        Path passwordFile = conf.resolve("tor-a.password");
        Files.writeString(passwordFile, PASSWORD + "\n");
        Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("r--------")); // a Secret's 0400

        try (Podman.Container bridge = Podman.Container.run(
                daemons,
                containerName(),
                asTheDaemonSetRunsIt(ovn, conf, "0:0", "NET_BIND_SERVICE"),
                daemonCommand())) {
            Awaitility.await("tor-a Established")
                    .atMost(Duration.ofSeconds(90))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> {
                        assertThat(bridge.process().isAlive())
                                .as("the container runs")
                                .isTrue();
                        assertThat(frr.neighborState(BRIDGE)).isEqualTo("Established");
                    });
            Awaitility.await("tor-a's route in NB")
                    .atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(ovn.nbctl("lr-route-list", "GR_node1"))
                            .contains("198.51.100.0/24", "192.0.2.1"));

            // an administrator's kubectl exec ... ovn-bgp-bridge status
            Command.Result status =
                    bridge.exec("ovn-bgp-bridge", "status", "--config", "/etc/ovn-bgp-bridge/config.yaml");
            assertThat(status.exitCode())
                    .as("status exit code; stderr: %s", status.stderr())
                    .isZero();
            assertThat(status.stdout())
                    .contains("BGP port 179")
                    .containsPattern("(?m)^tor-a +127\\.0\\.0\\.2 +" + "65001 +Established ")
                    .contains("OVN unix:/var/run/ovn/nb.sock: connected");

            // it did all that with this much privilege and no more: root's uid, one capability, no escalation
            String pid1 = bridge.exec("cat", "/proc/1/status").orThrow().stdout();
            assertThat(pid1)
                    .containsPattern("(?m)^Name:\\s+java$")
                    .containsPattern("(?m)^Uid:\\s+0\\s")
                    .containsPattern("(?m)^CapEff:\\s+0000000000000400$") // bit 10: CAP_NET_BIND_SERVICE
                    .containsPattern("(?m)^NoNewPrivs:\\s+1$");
            pid1.lines()
                    .filter(l -> l.startsWith("VmRSS") || l.startsWith("VmHWM"))
                    .forEach(l -> System.out.println("bridge in the container, one peer: " + l));

            // kubelet's stop: SIGTERM, then SIGKILL after terminationGracePeriodSeconds (15)
            long start = System.nanoTime();
            Podman.run(Duration.ofSeconds(30), "stop", "--time", "15", bridge.name())
                    .orThrow();
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            System.out.printf("podman stop (SIGTERM) to the container's exit: %d ms%n", took.toMillis());
            assertThat(took).as("SIGTERM to exit").isLessThan(Duration.ofSeconds(10)); // docs/lifecycle.md's bound
            // 143 = 128 + SIGTERM: the JVM's status after its shutdown hooks ran (BoundedStop's own failure is 1;
            // podman's SIGKILL after the 15 s would be 137). The wrapper exec's java, so the JVM is PID 1 and gets it
            assertThat(bridge.exitCode()).as("exit code after SIGTERM").isEqualTo(143);
            Awaitility.await()
                    .atMost(Duration.ofSeconds(20))
                    .untilAsserted(() -> assertThat(frr.vtyshJson("show bgp neighbors " + BRIDGE + " json")
                                    .path(BRIDGE)
                                    .path("lastNotificationReason")
                                    .asText())
                            .contains("Administrative Shutdown"));
            // and the stop left the learned route in NB for the next start to adopt
            assertThat(ovn.nbctl("lr-route-list", "GR_node1")).contains("198.51.100.0/24");
        }
    }

    @Test
    void withoutNetBindServiceItCannotListenOnPort179AndSaysSo(Daemons daemons) throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        Path conf = config(daemons, 179, FreePorts.next(), "  - {name: tor-a, address: 127.0.0.2, asn: 65001}\n");
        try (Podman.Container bridge = Podman.Container.run(
                daemons, containerName(), asTheDaemonSetRunsIt(ovn, conf, "0:0"), daemonCommand())) {
            Awaitility.await("the container exits")
                    .atMost(Duration.ofSeconds(60))
                    .until(() -> !bridge.process().isAlive());
            assertThat(bridge.exitCode()).isEqualTo(1);
            assertThat(logs(bridge))
                    .contains("cannot start: cannot listen for BGP on " + BRIDGE + ":179")
                    .contains("Permission denied");
        }
    }

    @Test
    void aNonRootUidCannotOpenTheNorthboundSocketEvenInRootsGroup(Daemons daemons) throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        // what ovsdb-server makes (and OVN-Kubernetes' ovnkube-node, which runs it as root): only root may write
        // to the socket, and connecting to a unix socket needs write permission
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(ovn.nbSocket())))
                .isEqualTo("rwxr-x---");
        assertThat(Files.getOwner(ovn.nbSocket()).getName()).isEqualTo("root");
        int httpPort = FreePorts.next();
        Path conf = config(daemons, 0, httpPort, "  - {name: tor-a, address: 127.0.0.2, asn: 65001}\n");
        List<String> args = new ArrayList<>(asTheDaemonSetRunsIt(ovn, conf, "65532:65532"));
        args.addAll(0, List.of("--group-add", "0")); // supplementalGroups: [0]
        try (Podman.Container bridge = Podman.Container.run(daemons, containerName(), args, daemonCommand())) {
            Awaitility.await("NB refused")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> {
                        assertThat(logs(bridge))
                                .contains("unix:/var/run/ovn/nb.sock: connect failed")
                                .contains("Permission denied");
                        assertThat(Http.get("http://127.0.0.1:" + httpPort + "/metrics")
                                        .body())
                                .contains("ovn_bgp_bridge_nb_connected 0.0");
                    });
            assertThat(Http.get("http://127.0.0.1:" + httpPort + "/readyz").statusCode())
                    .isEqualTo(503);
        }
    }

    @Test
    void withoutAWritableTmpTheNativeTransportCannotLoadSoNeitherTheNorthboundSocketNorTcpMd5Work(Daemons daemons)
            throws Exception {
        OvnDatabases ovn = daemons.ovnNb();
        Path conf = config(daemons, 0, FreePorts.next(), "  - {name: tor-a, address: 127.0.0.2, asn: 65001}\n");
        List<String> args = new ArrayList<>(asTheDaemonSetRunsIt(ovn, conf, "0:0"));
        // the emptyDir at /tmp mounted noexec: Netty extracts its epoll library there and cannot map it
        args.set(args.indexOf("/tmp:rw,nosuid,nodev"), "/tmp:rw,nosuid,nodev,noexec");
        try (Podman.Container bridge = Podman.Container.run(daemons, containerName(), args, daemonCommand())) {
            Awaitility.await("epoll refused")
                    .atMost(Duration.ofSeconds(60))
                    .pollInterval(Duration.ofMillis(250))
                    .untilAsserted(() -> assertThat(logs(bridge))
                            .contains("epoll transport unavailable")
                            .contains("TCP-MD5, TTL and GTSM are not possible")
                            .contains("unix sockets need the epoll transport, which is unavailable"));
        }
    }

    /** FRR as tor-a on 127.0.0.2, the bridge in the container its TCP-MD5 neighbor, announcing 198.51.100.0/24. */
    static String torAConfig() {
        return FrrConfig.datacenter("tor-a")
                .routerBgp(65001, "10.255.0.1")
                .noEbgpPolicy()
                .noImportCheck()
                .neighbor(BRIDGE, "remote-as 64512", "update-source " + TOR_A, "password " + PASSWORD, "timers 3 9")
                .addressFamily("ipv4 unicast", "network 198.51.100.0/24", "neighbor " + BRIDGE + " route-map out4 out")
                .routeMap("out4", "set ip next-hop 192.0.2.1")
                .text();
    }

    /**
     * podman run's flags for the DaemonSet's Pod: hostNetwork; hostPath /var/run/ovn (readOnly); the ConfigMap (and Secret)
     * read-only at /etc/ovn-bgp-bridge; readOnlyRootFilesystem with an emptyDir at /tmp; allowPrivilegeEscalation
     * false; runAsUser/runAsGroup; capabilities drop ALL, add {@code capabilities}.
     */
    private static List<String> asTheDaemonSetRunsIt(OvnDatabases ovn, Path conf, String user, String... capabilities) {
        List<String> args = new ArrayList<>(List.of(
                "--network",
                "host",
                // read-only is enough: connect() needs write permission on the socket, which a read-only mount
                // does not take away (it refuses writes to files and directories, not to sockets)
                "--volume",
                ovn.nbSocket().getParent() + ":/var/run/ovn:ro",
                "--volume",
                conf + ":/etc/ovn-bgp-bridge:ro",
                "--read-only",
                "--read-only-tmpfs=false",
                "--tmpfs",
                "/tmp:rw,nosuid,nodev",
                "--security-opt",
                "no-new-privileges",
                "--user",
                user,
                "--cap-drop",
                "ALL"));
        for (String c : capabilities) {
            args.addAll(List.of("--cap-add", c));
        }
        args.add(IMAGE);
        return args;
    }

    private static List<String> daemonCommand() {
        return List.of("run", "--config", "/etc/ovn-bgp-bridge/config.yaml");
    }

    /** A directory with config.yaml (node1, AS 64512, NB at /var/run/ovn/nb.sock) and these {@code peers} lines. */
    private static Path config(Daemons daemons, int bgpPort, int httpPort, String peers) throws IOException {
        Path dir = daemons.newDir("conf");
        Files.writeString(dir.resolve("config.yaml"), """
                nodeName: node1
                localASN: 64512
                routerID: 192.0.2.10
                listen: {address: %s, port: %d}
                ovn: {northbound: "unix:/var/run/ovn/nb.sock"}
                metrics: {address: 127.0.0.1, port: %d}
                peers:
                """.formatted(BRIDGE, bgpPort, httpPort) + peers);
        return dir;
    }

    private static String logs(Podman.Container c) {
        Command.Result r = Podman.run("logs", c.name());
        return r.stdout() + r.stderr();
    }

    private static String containerName() {
        return "ovn-bgp-bridge-it-" + ProcessHandle.current().pid() + "-" + SEQ.incrementAndGet();
    }
}
