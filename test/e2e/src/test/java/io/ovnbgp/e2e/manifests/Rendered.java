package io.ovnbgp.e2e.manifests;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.client.utils.Serialization;
import io.ovnbgp.bridge.config.BridgeConfig;
import io.ovnbgp.bridge.config.ConfigException;
import io.ovnbgp.bridge.config.ConfigLoader;
import io.ovnbgp.bridge.config.NodeFacts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A kustomization rendered as users apply it ({@code kubectl kustomize DIR}, the same as {@code kubectl apply -k}
 * sends) and parsed into fabric8's typed objects: a field that does not exist in the Kubernetes API fails here.
 */
public record Rendered(String yaml, List<HasMetadata> objects) {
    /** The repository's manifests folder, seen from test/e2e. */
    public static final Path MANIFESTS = Path.of(System.getProperty("manifests.dir", "../../manifests"))
            .toAbsolutePath()
            .normalize();

    public static Rendered kustomize(Path dir) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("kubectl", "kustomize", dir.toString())
                .redirectErrorStream(false)
                .start();
        // read both streams fully before waiting: a large output must not block the process
        byte[] out = p.getInputStream().readAllBytes();
        byte[] err = p.getErrorStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS))
                .as("kubectl kustomize %s finished", dir)
                .isTrue();
        assertThat(p.exitValue())
                .as("kubectl kustomize %s: %s", dir, new String(err, StandardCharsets.UTF_8))
                .isZero();
        String yaml = new String(out, StandardCharsets.UTF_8);
        Object parsed = Serialization.unmarshal(yaml);
        assertThat(parsed).as("several documents").isInstanceOf(List.class);
        @SuppressWarnings("unchecked")
        List<HasMetadata> objects = (List<HasMetadata>) parsed;
        return new Rendered(yaml, objects);
    }

    /** The one object of this kind and name; fails when it is missing or of another class. */
    public <T extends HasMetadata> T one(Class<T> type, String kind, String name) {
        List<HasMetadata> found = objects.stream()
                .filter(o ->
                        kind.equals(o.getKind()) && name.equals(o.getMetadata().getName()))
                .toList();
        assertThat(found).as("%s %s", kind, name).hasSize(1);
        assertThat(found.get(0))
                .as("%s %s parsed as a typed object", kind, name)
                .isInstanceOf(type);
        return type.cast(found.get(0));
    }

    /** The bridge's configuration as the daemon reads it (defaults filled in), without touching the API. */
    public static BridgeConfig config(String yaml) {
        try {
            return ConfigLoader.parse(yaml, "config.yaml", new NodeFacts("node1", "192.0.2.10"));
        } catch (ConfigException e) {
            throw new AssertionError(e.getMessage(), e);
        }
    }

    /** The environment variables the bridge's code reads ({@code System.getenv("...")} in bridge/src/main). */
    public static Set<String> environmentReadByTheBridge() throws IOException {
        Path src = MANIFESTS.resolveSibling("bridge").resolve("src/main/java");
        Pattern getenv = Pattern.compile("System\\.getenv\\(\"([A-Z0-9_]+)\"\\)");
        Set<String> names = new TreeSet<>();
        try (Stream<Path> files = Files.walk(src)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = getenv.matcher(Files.readString(f));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    public DaemonSet daemonSet() {
        return one(DaemonSet.class, "DaemonSet", "ovn-bgp-bridge");
    }

    public ConfigMap configMap() {
        return one(ConfigMap.class, "ConfigMap", "ovn-bgp-bridge-config");
    }
}
