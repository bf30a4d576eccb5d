package io.ovnbgp.e2e.ovn;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.ovnbgp.e2e.harness.Command;
import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.FreePorts;
import io.ovnbgp.e2e.harness.FrrBgpd;
import io.ovnbgp.e2e.harness.KubeApi;
import io.ovnbgp.e2e.harness.ManagedProcess;
import io.ovnbgp.e2e.harness.OvnDatabases;
import io.ovnbgp.e2e.harness.RealDaemons;
import io.ovnbgp.e2e.manifests.ApiCall;
import io.ovnbgp.e2e.manifests.Permissions;
import io.ovnbgp.e2e.manifests.Rendered;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The README's "Install on a cluster", as far as it can go without a cluster: the rendered base applied to an API
 * server (fabric8's mock, CRUD mode), the packaged jar run with the DaemonSet's arguments and environment against
 * a real NB and a real FRR peer (password from the rendered Secret), its probes, {@code status}, a ConfigMap edit
 * refused with an Event, and the uninstall order (peers emptied, daemon stopped, {@code uninstall}). Then every
 * request the daemon made to the API, in RBAC's terms, is checked against the rendered RBAC: each one allowed, and
 * each permission granted used by one.
 */
@ExtendWith(RealDaemons.class)
class InstalledBridgeIT extends BridgeFixture {
    private static final String TOR = "127.0.0.2";
    private static final String TOR_NET = "198.51.100.0/24";
    private static final YAMLMapper YAML = new YAMLMapper();
    /** The kubeconfig the bridge gets (KubeApi's) carries this token; the test's own client carries none. */
    private static final String BRIDGE_AUTH = "Bearer e2e";

    @Test
    void theDaemonSetsBridgeRunsAsInstalledAndUsesExactlyItsRbac(Daemons daemons) throws Exception {
        Rendered base = Rendered.kustomize(Rendered.MANIFESTS);
        DaemonSet ds = base.daemonSet();
        Container container =
                ds.getSpec().getTemplate().getSpec().getContainers().get(0);
        String ns = ds.getMetadata().getNamespace();
        ConfigMap configMap = base.configMap();
        Secret secret = base.one(Secret.class, "Secret", "bgp-auth");
        String password = secret.getStringData().get("tor-a");

        OvnDatabases ovn = daemons.ovnNb();
        ovn.nbctl("lr-add", "GR_node1");
        int bridgePort = FreePorts.next();
        int httpPort = FreePorts.next();
        FrrBgpd tor = frr(daemons, TOR, "10.255.0.2", bridgePort, "203.0.113.2", TOR_NET);
        tor.configure("router bgp " + FRR_AS, "neighbor 127.0.0.1 password " + password);
        String config = forThisMachine(
                configMap.getData().get("config.yaml"), bridgePort, httpPort, ovn.nbRemote(), tor, false);

        try (KubeApi kube = KubeApi.start()) {
            // kubectl apply -k manifests (what the mock server can hold: the core and RBAC objects)
            for (HasMetadata o : base.objects()) {
                if (o instanceof io.fabric8.kubernetes.api.model.GenericKubernetesResource) {
                    continue; // ServiceMonitor: a CRD's kind
                }
                kube.client().resource(asApiServerStoresIt(o, config)).create();
            }
            kube.createNode("node1", null, "192.0.2.10");
            kube.createLoadBalancer("shop", "web", "Local", "192.0.2.80");
            kube.createEndpointSlice("shop", "web-1", "web", "node1");

            Path kubeconfig = kube.kubeconfig(daemons.newDir("kube"));
            List<String> argv = new ArrayList<>(List.of(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx256m",
                    "-jar",
                    JAR.toString()));
            argv.addAll(container.getArgs());
            Map<String, String> env = new HashMap<>(downwardApi(container, "node1", ns));
            env.put("KUBECONFIG", kubeconfig.toString());
            ManagedProcess bridge = daemons.start("bridge", argv, env);

            // the DaemonSet's probes, on the port the configuration serves them
            for (Probe p :
                    List.of(container.getStartupProbe(), container.getLivenessProbe(), container.getReadinessProbe())) {
                String url = "http://127.0.0.1:" + httpPort + p.getHttpGet().getPath();
                bridge.awaitReady(url, Duration.ofSeconds(60), () -> get(url).statusCode() == 200);
            }
            // the password from the Secret, the route written into NB
            Awaitility.await().atMost(SYNC).pollInterval(POLL).untilAsserted(() -> {
                assertThat(tor.neighborState("127.0.0.1")).isEqualTo("Established");
                assertThat(owned(ovn)).containsExactly(TOR_NET + " via 203.0.113.2");
            });
            // NODE_NAME read: the node's name everywhere
            assertThat(status(httpPort, null).path("node").asText()).isEqualTo("node1");
            // kubectl exec ds/ovn-bgp-bridge -- ovn-bgp-bridge status
            Command.Result st = cli("status", "--url", "http://127.0.0.1:" + httpPort);
            assertThat(st.exitCode()).as(st.stderr()).isZero();
            assertThat(st.stdout()).contains("tor-a").contains("Established").contains("OVN");

            // edit the ConfigMap: a typo is refused, with an Event on the ConfigMap in POD_NAMESPACE
            putConfig(kube, ns, configMap, config.replace("holdTime:", "hodlTime:"));
            Awaitility.await()
                    .atMost(SYNC)
                    .pollInterval(POLL)
                    .untilAsserted(() -> assertThat(kube.client()
                                    .v1()
                                    .events()
                                    .inNamespace(ns)
                                    .list()
                                    .getItems())
                            .anySatisfy(e -> assertThat(e.getReason()).isEqualTo("InvalidConfig")));

            // uninstall, in the README's order. While the daemon runs, uninstall refuses (it would write back)
            Path file = Files.writeString(daemons.newDir("conf").resolve("config.yaml"), config);
            Command.Result early = cli("uninstall", "--config", file.toString());
            assertThat(early.exitCode()).isEqualTo(1);
            assertThat(early.stderr()).contains("refusing");
            // 1. peers emptied in the ConfigMap: the bridges remove their routes from NB themselves
            putConfig(
                    kube,
                    ns,
                    configMap,
                    forThisMachine(
                            configMap.getData().get("config.yaml"), bridgePort, httpPort, ovn.nbRemote(), tor, true));
            Awaitility.await()
                    .atMost(SYNC)
                    .pollInterval(POLL)
                    .untilAsserted(() -> assertThat(owned(ovn)).isEmpty());
            // 2. the DaemonSet deleted: SIGTERM
            bridge.close();
            // 3. uninstall on the node finds nothing left, and would remove what a bridge left behind
            Command.Result late = cli("uninstall", "--config", file.toString());
            assertThat(late.exitCode()).as(late.stderr()).isZero();

            // every API call of the bridge, in RBAC's terms, against the rendered RBAC
            List<RecordedRequest> requests = kube.takeRequests();
            Set<ApiCall> calls = new LinkedHashSet<>();
            for (RecordedRequest r : requests) {
                if (BRIDGE_AUTH.equals(r.getHeader("Authorization"))) {
                    calls.add(ApiCall.of(r.getMethod(), r.getPath()));
                }
            }
            System.out.println("the bridge's API calls (" + requests.size() + " requests in all):");
            calls.forEach(c -> System.out.println("  " + c));
            Permissions rbac = Permissions.of(
                    base.objects(),
                    ns,
                    container.getName().equals("bridge")
                            ? ds.getSpec().getTemplate().getSpec().getServiceAccountName()
                            : null);
            assertThat(calls)
                    .as("calls the bridge made")
                    .isNotEmpty()
                    .allSatisfy(c -> assertThat(rbac.allows(c))
                            .as("allowed by the RBAC: %s", c)
                            .isTrue());
            assertThat(rbac.grants())
                    .as("permissions granted")
                    .isNotEmpty()
                    .allSatisfy(g -> assertThat(calls.stream().anyMatch(g::allows))
                            .as("some call uses %s", g)
                            .isTrue());
        }
    }

    /**
     * The example configuration with what only this machine decides: loopback listener and free ports, the test's
     * NB, the peer's address and timers, receive all (to see a route in NB), a next hop that is not loopback;
     * or with {@code peers: []}.
     */
    private static String forThisMachine(
            String example, int bridgePort, int httpPort, String northbound, FrrBgpd tor, boolean withoutPeers)
            throws Exception {
        ObjectNode c = (ObjectNode) YAML.readTree(example);
        c.put("routerID", "192.0.2.10");
        ((ObjectNode) c.get("listen")).put("address", "127.0.0.1").put("port", bridgePort);
        ((ObjectNode) c.get("ovn")).put("northbound", northbound);
        ((ObjectNode) c.get("metrics")).put("port", httpPort); // address stays 0.0.0.0, as kubelet needs it
        ObjectNode peer = (ObjectNode) c.get("peers").get(0);
        peer.put("address", tor.address())
                .put("port", tor.bgpPort())
                .put("asn", FRR_AS)
                .put("holdTime", "9s")
                .put("keepaliveTime", "3s")
                .put("connectRetryTime", "1s");
        peer.putArray("families").add("ipv4-unicast");
        ((ObjectNode) peer.get("receive")).put("mode", "all");
        // the Service IP goes out; FRR refuses a loopback next hop (the session's own address here)
        ((ObjectNode) peer.get("advertise")).put("nextHop", "192.0.2.10");
        if (withoutPeers) {
            c.putArray("peers");
        }
        return YAML.writeValueAsString(c);
    }

    /** As the API server keeps it: a Secret's stringData as base64 data; the ConfigMap with this machine's config. */
    private static HasMetadata asApiServerStoresIt(HasMetadata o, String config) {
        if (o instanceof Secret s && s.getStringData() != null) {
            Map<String, String> data = new HashMap<>();
            s.getStringData()
                    .forEach((k, v) ->
                            data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
            return new io.fabric8.kubernetes.api.model.SecretBuilder(s)
                    .withStringData(null)
                    .withData(data)
                    .build();
        }
        if (o instanceof ConfigMap cm) {
            return new io.fabric8.kubernetes.api.model.ConfigMapBuilder(cm)
                    .addToData("config.yaml", config)
                    .build();
        }
        return o;
    }

    private static void putConfig(KubeApi kube, String ns, ConfigMap cm, String yaml) {
        kube.client()
                .configMaps()
                .inNamespace(ns)
                .withName(cm.getMetadata().getName())
                .edit(c -> {
                    c.getData().put("config.yaml", yaml);
                    return c;
                });
    }

    /** The DaemonSet's env with its downward-API fields resolved as kubelet resolves them on {@code node}. */
    private static Map<String, String> downwardApi(Container c, String node, String namespace) {
        Map<String, String> env = new HashMap<>();
        for (EnvVar e : c.getEnv()) {
            String field = e.getValueFrom().getFieldRef().getFieldPath();
            env.put(
                    e.getName(),
                    switch (field) {
                        case "spec.nodeName" -> node;
                        case "metadata.namespace" -> namespace;
                        default ->
                            throw new AssertionError("a downward-API field this test does not resolve: " + field);
                    });
        }
        return env;
    }

    private static Command.Result cli(String... args) {
        List<String> argv = new ArrayList<>(
                List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar", JAR.toString()));
        argv.addAll(List.of(args));
        return Command.run(argv, Map.of(), Duration.ofSeconds(90));
    }
}
