package io.ovnbgp.bridge.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches {@code --config FILE} and hands each new content to a consumer. It watches the directory, not the file:
 * a kubelet ConfigMap update swaps the {@code ..data} symlink atomically and an editor saves by a rename, and in
 * both cases a watch on the file itself would stay on the old inode. Events are coalesced over a short quiet
 * period (an update is several renames), the file is read through its symlinks, and only a content different
 * from the last one seen is handed on. A slow poll backs the watch up (a directory replaced whole).
 */
public final class ConfigFileWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigFileWatcher.class);
    private static final Duration QUIET = Duration.ofMillis(150);
    private static final Duration POLL = Duration.ofSeconds(10);

    private final Path file;
    private final Consumer<String> onChange;
    private final WatchService watch;
    private final Thread thread;
    private volatile String lastSeen;
    private volatile boolean closed;

    /** @param current the content in force, so that only a different one is handed on */
    public ConfigFileWatcher(Path file, String current, Consumer<String> onChange) throws IOException {
        this.file = file.toAbsolutePath();
        this.onChange = Objects.requireNonNull(onChange);
        this.lastSeen = current;
        this.watch = FileSystems.getDefault().newWatchService();
        this.file
                .getParent()
                .register(
                        watch,
                        StandardWatchEventKinds.ENTRY_CREATE,
                        StandardWatchEventKinds.ENTRY_MODIFY,
                        StandardWatchEventKinds.ENTRY_DELETE,
                        StandardWatchEventKinds.OVERFLOW);
        this.thread = new Thread(this::run, "config-watch");
        thread.setDaemon(true);
        thread.start();
        LOG.info("watching {} for changes (its directory {})", this.file, this.file.getParent());
    }

    private void run() {
        while (!closed) {
            try {
                WatchKey key = watch.poll(POLL.toMillis(), TimeUnit.MILLISECONDS);
                if (key != null) {
                    // coalesce the burst of one update
                    do {
                        key.pollEvents();
                        if (!key.reset()) {
                            LOG.warn(
                                    "{}: the watched directory went away; polling every {} s",
                                    file.getParent(),
                                    POLL.toSeconds());
                        }
                        key = watch.poll(QUIET.toMillis(), TimeUnit.MILLISECONDS);
                    } while (key != null && !closed);
                }
                check();
            } catch (InterruptedException | ClosedWatchServiceException e) {
                return;
            } catch (RuntimeException e) {
                LOG.error("watching {} failed; going on", file, e);
            }
        }
    }

    private void check() {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // between the two renames of an update, or removed: the running configuration stays
            LOG.debug("{}: cannot read ({}); keeping the running configuration", file, e.toString());
            return;
        }
        if (!text.equals(lastSeen)) {
            lastSeen = text;
            onChange.accept(text);
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            watch.close();
        } catch (IOException e) {
            LOG.debug("closing the watch of {}: {}", file, e.toString());
        }
        thread.interrupt();
    }
}
