package io.ovnbgp.e2e.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.ovnbgp.bridge.config.BridgeConfig;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The manifests as users install them (README, "Install on a cluster"): rendered with {@code kubectl kustomize}
 * (the base and the OpenShift overlay), parsed into fabric8's typed objects, and checked against what the
 * packaged jar reads and serves: the ConfigMap passes {@code ovn-bgp-bridge validate}, the DaemonSet's ports,
 * probes, arguments and environment name what the daemon uses. Running the daemon as the DaemonSet does, and its
 * API calls against the RBAC, is {@code InstalledBridgeIT}.
 */
class ManifestsIT {
    static final Path JAR = Path.of(System.getProperty("bridge.jar", "../../bridge/target/ovn-bgp-bridge.jar"));
    static final String NS = "ovn-bgp-bridge";
    private static Rendered base;
    private static Rendered openshift;

    @BeforeAll
    static void render() throws Exception {
        base = Rendered.kustomize(Rendered.MANIFESTS);
        openshift = Rendered.kustomize(Rendered.MANIFESTS.resolve("overlays/openshift"));
    }

    static Container bridge(DaemonSet ds) {
        List<Container> cs = ds.getSpec().getTemplate().getSpec().getContainers();
        assertThat(cs).extracting(Container::getName).containsExactly("bridge");
        return cs.get(0);
    }

    @Test
    void theBaseRendersTheObjectsOfAnInstallEachInTheBridgesNamespace() {
        assertThat(base.one(Namespace.class, "Namespace", NS)).isNotNull();
        assertThat(base.one(ServiceAccount.class, "ServiceAccount", NS)).isNotNull();
        assertThat(base.one(ClusterRole.class, "ClusterRole", NS)).isNotNull();
        assertThat(base.one(Secret.class, "Secret", "bgp-auth")).isNotNull();
        assertThat(base.one(Service.class, "Service", NS).getSpec().getClusterIP())
                .as("headless")
                .isEqualTo("None");
        assertThat(base.configMap().getData()).containsKey("config.yaml");
        assertThat(base.daemonSet()).isNotNull();
        // not in fabric8's core model: kept as generic objects, checked by kind and API version
        GenericKubernetesResource sm = base.one(GenericKubernetesResource.class, "ServiceMonitor", NS);
        assertThat(sm.getApiVersion()).isEqualTo("monitoring.coreos.com/v1");
        for (HasMetadata o : base.objects()) {
            boolean clusterScoped =
                    Set.of("Namespace", "ClusterRole", "ClusterRoleBinding").contains(o.getKind());
            assertThat(o.getMetadata().getNamespace())
                    .as("%s %s", o.getKind(), o.getMetadata().getName())
                    .isEqualTo(clusterScoped ? null : NS);
        }
    }

    @Test
    void theDaemonSetRunsBesideOvnkubeNode() {
        DaemonSet ds = base.daemonSet();
        PodSpec pod = ds.getSpec().getTemplate().getSpec();
        assertThat(pod.getHostNetwork()).isTrue();
        assertThat(pod.getDnsPolicy()).isEqualTo("ClusterFirstWithHostNet");
        assertThat(pod.getPriorityClassName()).isEqualTo("system-node-critical");
        assertThat(pod.getServiceAccountName()).isEqualTo(NS);
        assertThat(pod.getTolerations())
                .as("every taint tolerated, as ovnkube-node does")
                .singleElement()
                .satisfies(t -> {
                    assertThat(t.getOperator()).isEqualTo("Exists");
                    assertThat(t.getKey()).isNull();
                    assertThat(t.getEffect()).isNull();
                });
        // docs/lifecycle.md: a 10 s bounded stop, 15 s before kubelet's SIGKILL
        assertThat(pod.getTerminationGracePeriodSeconds()).isEqualTo(15L);
        assertThat(ds.getSpec().getUpdateStrategy().getType()).isEqualTo("RollingUpdate");
        assertThat(ds.getSpec()
                        .getUpdateStrategy()
                        .getRollingUpdate()
                        .getMaxUnavailable()
                        .getIntVal())
                .isEqualTo(1);
        Container c = bridge(ds);
        assertThat(c.getImage()).as("a name for kustomize's images: to replace").isEqualTo("ovn-bgp-bridge");
        assertThat(c.getSecurityContext().getReadOnlyRootFilesystem()).isTrue();
        assertThat(c.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();
        assertThat(c.getSecurityContext().getPrivileged()).isNotEqualTo(Boolean.TRUE);
        assertThat(c.getSecurityContext().getCapabilities().getDrop()).containsExactly("ALL");
        // exactly what ContainerImageIT runs the image with, and proves both necessary and enough
        // (docs/least-privilege.md): uid 0 for the NB socket, NET_BIND_SERVICE for port 179, a writable /tmp
        assertThat(c.getSecurityContext().getRunAsUser()).isEqualTo(0L);
        assertThat(c.getSecurityContext().getCapabilities().getAdd()).containsExactly("NET_BIND_SERVICE");
        assertThat(c.getVolumeMounts()).anySatisfy(m -> {
            assertThat(m.getMountPath()).isEqualTo("/tmp");
            assertThat(m.getReadOnly()).isNotEqualTo(Boolean.TRUE);
        });
        assertThat(c.getResources().getRequests()).containsKeys("cpu", "memory");
        assertThat(c.getResources().getLimits()).containsKeys("cpu", "memory");
        // the NB socket's directory at the path of ovn.northbound's default, read-only
        VolumeMount ovn = c.getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals("/var/run/ovn"))
                .findFirst()
                .orElseThrow();
        assertThat(ovn.getReadOnly()).isTrue();
        assertThat(volume(pod, ovn.getName()).getHostPath().getPath())
                .as("upstream OVN-Kubernetes interconnect: nb-ovsdb's /var/run/ovn is the host's /var/run/openvswitch")
                .isEqualTo("/var/run/openvswitch");
        assertThat(BridgeConfig.Ovn.DEFAULT_NORTHBOUND).isEqualTo("unix:/var/run/ovn/ovnnb_db.sock");
    }

    @Test
    void portsProbesArgumentsAndEnvironmentNameWhatTheDaemonUses() throws Exception {
        DaemonSet ds = base.daemonSet();
        Container c = bridge(ds);
        BridgeConfig config = Rendered.config(base.configMap().getData().get("config.yaml"));
        // the port the daemon serves /metrics, /healthz, /readyz on is the container port the probes and the
        // Service name
        ContainerPort metrics = port(c, "metrics");
        assertThat(metrics.getContainerPort()).isEqualTo(config.metrics().port());
        assertThat(port(c, "bgp").getContainerPort()).isEqualTo(config.listen().port());
        assertThat(config.metrics().port())
                .as("`kubectl exec ... ovn-bgp-bridge status` finds it without --url")
                .isEqualTo(new BridgeConfig.Metrics(null, null).port());
        assertThat(config.metrics().address())
                .as("kubelet probes the node's address, not loopback")
                .isEqualTo("0.0.0.0");
        Service svc = base.one(Service.class, "Service", NS);
        assertThat(svc.getSpec().getPorts()).singleElement().satisfies(p -> {
            assertThat(p.getName()).isEqualTo("metrics");
            assertThat(p.getPort()).isEqualTo(config.metrics().port());
            assertThat(p.getTargetPort().getStrVal()).isEqualTo("metrics");
        });
        assertThat(svc.getSpec().getSelector())
                .isEqualTo(ds.getSpec().getTemplate().getMetadata().getLabels());
        // probes: on the metrics port, the paths InstalledBridgeIT finds served by the running jar
        assertThat(probePath(c.getStartupProbe())).isEqualTo("/healthz");
        assertThat(probePath(c.getLivenessProbe())).isEqualTo("/healthz");
        assertThat(probePath(c.getReadinessProbe())).isEqualTo("/readyz");
        for (Probe p : List.of(c.getStartupProbe(), c.getLivenessProbe(), c.getReadinessProbe())) {
            assertThat(p.getHttpGet().getPort().getStrVal()).isEqualTo("metrics");
        }
        // --configmap names the rendered ConfigMap
        assertThat(c.getArgs())
                .containsExactly(
                        "run", "--configmap", base.configMap().getMetadata().getName());
        // downward API: the two variables the daemon reads (NodeFacts, SecretPasswords / ConfigMapWatcher)
        assertThat(c.getEnv()).extracting(EnvVar::getName).containsExactlyInAnyOrder("NODE_NAME", "POD_NAMESPACE");
        assertThat(env(c, "NODE_NAME").getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("spec.nodeName");
        assertThat(env(c, "POD_NAMESPACE").getValueFrom().getFieldRef().getFieldPath())
                .isEqualTo("metadata.namespace");
        Set<String> readByTheDaemon = Rendered.environmentReadByTheBridge();
        assertThat(readByTheDaemon).as("variables the bridge's code reads").contains("NODE_NAME", "POD_NAMESPACE");
        // the ServiceMonitor scrapes the Service's port by name, on /metrics
        GenericKubernetesResource sm = base.one(GenericKubernetesResource.class, "ServiceMonitor", NS);
        @SuppressWarnings("unchecked")
        Map<String, Object> spec =
                (Map<String, Object>) sm.getAdditionalProperties().get("spec");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> endpoints = (List<Map<String, Object>>) spec.get("endpoints");
        assertThat(endpoints).singleElement().satisfies(e -> {
            assertThat(e.get("port")).isEqualTo("metrics");
            assertThat(e.get("path")).isEqualTo("/metrics");
        });
    }

    @Test
    void theExampleConfigurationIsValidForThePackagedJarWithoutAnApiServer(@TempDir Path dir) throws Exception {
        String yaml = base.configMap().getData().get("config.yaml");
        Path file = Files.writeString(dir.resolve("config.yaml"), yaml);
        // as the README says to check a configuration; the Secret it names is not read by validate (syntax only),
        // so no API server is needed; NODE_NAME as the DaemonSet sets it
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-jar",
                        JAR.toString(),
                        "validate",
                        "--config",
                        file.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out).contains("valid").contains("AS 64512").contains("1 peer(s)");
        // safe by default: the example receives nothing
        BridgeConfig c = Rendered.config(yaml);
        assertThat(c.peers())
                .allSatisfy(peer -> assertThat(peer.receive().mode()).isEqualTo("none"));
        assertThat(c.peers())
                .allSatisfy(peer -> assertThat(peer.password().secretRef().name())
                        .isEqualTo(base.one(Secret.class, "Secret", "bgp-auth")
                                .getMetadata()
                                .getName()));
        assertThat(base.one(Secret.class, "Secret", "bgp-auth").getStringData())
                .containsKey(c.peers().get(0).password().secretRef().key());
    }

    @Test
    void theExampleConfigurationNamesEveryField() {
        String yaml = base.configMap().getData().get("config.yaml");
        Set<String> missing = new TreeSet<>();
        for (String field : fields(BridgeConfig.class, "")) {
            String name = field.substring(field.lastIndexOf('.') + 1);
            // as a key, set or commented out (`# nodeName: ...`), or inline (`{name: ..., key: ...}`)
            if (!Pattern.compile("(^|[\\s{,#])" + name + ":", Pattern.MULTILINE)
                    .matcher(yaml)
                    .find()) {
                missing.add(field);
            }
        }
        assertThat(missing)
                .as("BridgeConfig fields absent from the example ConfigMap")
                .isEmpty();
        // and every line that sets or shows a field says something about it
        for (String line : yaml.split("\n")) {
            if (line.strip().startsWith("- name:") || line.strip().matches("^#?\\s*[a-zA-Z0-9]+:.*")) {
                assertThat(line).as("commented").contains("#");
            }
        }
    }

    @Test
    void anImageSetWithKustomizeReplacesTheBaseImage(@TempDir Path dir) throws Exception {
        // a user's overlay, as the README shows it
        Path overlay = Files.createDirectories(dir.resolve("my-cluster"));
        Files.writeString(overlay.resolve("kustomization.yaml"), """
                bases:
                  - %s
                images:
                  - name: ovn-bgp-bridge
                    newName: registry.example.com/ovn-bgp-bridge
                    newTag: "0.1.0"
                """.formatted(overlay.relativize(Rendered.MANIFESTS)));
        Rendered mine = Rendered.kustomize(overlay);
        assertThat(bridge(mine.daemonSet()).getImage()).isEqualTo("registry.example.com/ovn-bgp-bridge:0.1.0");
        assertThat(mine.objects()).hasSameSizeAs(base.objects());
    }

    @Test
    @SuppressWarnings("unchecked")
    void theOpenShiftOverlayAddsTheSccMonitoringAndOpenShiftsSocketPath() {
        assertThat(openshift.objects().size()).isGreaterThan(base.objects().size());
        GenericKubernetesResource scc =
                openshift.one(GenericKubernetesResource.class, "SecurityContextConstraints", NS);
        assertThat(scc.getApiVersion()).isEqualTo("security.openshift.io/v1");
        Map<String, Object> s = scc.getAdditionalProperties();
        assertThat(s)
                .containsEntry("allowHostNetwork", true)
                .containsEntry("allowHostDirVolumePlugin", true)
                .containsEntry("allowPrivilegedContainer", false)
                .containsEntry("allowPrivilegeEscalation", false)
                .containsEntry("allowHostPID", false)
                .containsEntry("readOnlyRootFilesystem", true);
        assertThat((List<Object>) s.get("volumes")).contains("hostPath");
        assertThat((List<Object>) s.get("requiredDropCapabilities")).containsExactly("ALL");
        // the SCC's use is granted to the bridge's service account alone, by name
        ClusterRole use = openshift.one(ClusterRole.class, "ClusterRole", "ovn-bgp-bridge-scc");
        assertThat(use.getRules()).singleElement().satisfies(r -> {
            assertThat(r.getResources()).containsExactly("securitycontextconstraints");
            assertThat(r.getResourceNames()).containsExactly(NS);
            assertThat(r.getVerbs()).containsExactly("use");
        });
        assertThat(Permissions.of(openshift.objects(), NS, NS)
                        .allows(new ApiCall("security.openshift.io", "securitycontextconstraints", "use", NS, NS)))
                .isTrue();
        assertThat(openshift.one(Namespace.class, "Namespace", NS).getMetadata().getLabels())
                .containsEntry("openshift.io/cluster-monitoring", "true");
        // cluster-network-operator: nbdb's /run/ovn/ is the host's /var/run/ovn-ic
        DaemonSet ds = openshift.daemonSet();
        PodSpec pod = ds.getSpec().getTemplate().getSpec();
        VolumeMount ovn = bridge(ds).getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals("/var/run/ovn"))
                .findFirst()
                .orElseThrow();
        assertThat(volume(pod, ovn.getName()).getHostPath().getPath()).isEqualTo("/var/run/ovn-ic");
        assertThat(pod.getVolumes()).extracting(Volume::getName).doesNotHaveDuplicates();
        // the rest of the DaemonSet is the base's
        assertThat(bridge(ds).getArgs()).isEqualTo(bridge(base.daemonSet()).getArgs());
        assertThat(pod.getHostNetwork()).isTrue();
    }

    private static ContainerPort port(Container c, String name) {
        return c.getPorts().stream()
                .filter(p -> name.equals(p.getName()))
                .findFirst()
                .orElseThrow();
    }

    private static EnvVar env(Container c, String name) {
        return c.getEnv().stream()
                .filter(e -> name.equals(e.getName()))
                .findFirst()
                .orElseThrow();
    }

    private static String probePath(Probe p) {
        assertThat(p).isNotNull();
        return p.getHttpGet().getPath();
    }

    private static Volume volume(PodSpec pod, String name) {
        return pod.getVolumes().stream()
                .filter(v -> name.equals(v.getName()))
                .findFirst()
                .orElseThrow();
    }

    /** Every field path of a config record, e.g. {@code peers.receive.prefixes.le}. */
    static List<String> fields(Class<?> record, String prefix) {
        List<String> out = new ArrayList<>();
        for (RecordComponent rc : record.getRecordComponents()) {
            String path = prefix + rc.getName();
            out.add(path);
            Class<?> t = rc.getType();
            Type g = rc.getGenericType();
            if (List.class.equals(t)
                    && g instanceof ParameterizedType pt
                    && pt.getActualTypeArguments()[0] instanceof Class<?> e) {
                t = e;
            }
            if (t.isRecord()) {
                out.addAll(fields(t, path + "."));
            }
        }
        return out;
    }
}
