package io.ovnbgp.bridge.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigFileWatcherTest {
    @TempDir
    Path dir;

    @Test
    void anEditorsSaveByRenameIsSeenOnceAndAnUnchangedWriteNotAtAll() throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, "v1");
        List<String> seen = new CopyOnWriteArrayList<>();
        try (ConfigFileWatcher w = new ConfigFileWatcher(file, "v1", seen::add)) {
            Files.writeString(file, "v1"); // same content: nothing to apply
            Path tmp = dir.resolve(".config.yaml.swp");
            Files.writeString(tmp, "v2");
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("v2"));
            Thread.sleep(500);
            assertThat(seen).containsExactly("v2");
        }
    }

    /** The layout the kubelet gives a mounted ConfigMap, and its atomic update by swapping {@code ..data}. */
    @Test
    void aKubeletStyleSymlinkSwapIsSeen() throws Exception {
        Path v1 = Files.createDirectory(dir.resolve("..2026_11_30_v1"));
        Files.writeString(v1.resolve("config.yaml"), "v1");
        Files.createSymbolicLink(dir.resolve("..data"), v1.getFileName());
        Path file = dir.resolve("config.yaml");
        Files.createSymbolicLink(file, Path.of("..data/config.yaml"));
        List<String> seen = new CopyOnWriteArrayList<>();
        try (ConfigFileWatcher w = new ConfigFileWatcher(file, "v1", seen::add)) {
            Path v2 = Files.createDirectory(dir.resolve("..2026_11_30_v2"));
            Files.writeString(v2.resolve("config.yaml"), "v2");
            Path tmpLink = Files.createSymbolicLink(dir.resolve("..data_tmp"), v2.getFileName());
            Files.move(
                    tmpLink,
                    dir.resolve("..data"),
                    StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> seen.contains("v2"));
            assertThat(seen).containsExactly("v2");
        }
    }
}
