package io.ovnbgp.e2e.harness;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One daemon run in the foreground as our child, so that its pid is the one we hold and stop: SIGTERM, a
 * bounded wait, then SIGKILL. Console output goes to {@code <name>.console} in the daemon's directory; that
 * file and any {@code *.log} beside it are what a failing test shows.
 */
public final class ManagedProcess implements AutoCloseable {
    private static final Set<ManagedProcess> LIVE = ConcurrentHashMap.newKeySet();

    static {
        // A test JVM killed by a timeout must not leave daemons behind for the next run.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(ManagedProcess::kill), "daemon-reaper"));
    }

    private final String name;
    private final Path dir;
    private final Process process;
    private final Path console;

    private ManagedProcess(String name, Path dir, Process process, Path console) {
        this.name = name;
        this.dir = dir;
        this.process = process;
        this.console = console;
    }

    public static ManagedProcess start(String name, Path dir, List<String> argv, Map<String, String> env) {
        Path console = dir.resolve(name + ".console");
        try {
            ProcessBuilder pb = new ProcessBuilder(argv)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(console.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            pb.environment().putAll(env);
            ManagedProcess mp = new ManagedProcess(name, dir, pb.start(), console);
            LIVE.add(mp);
            return mp;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + argv, e);
        }
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path dir() {
        return dir;
    }

    /** Fails with the daemon's own words if it died, so that a start-up error reads as the daemon's error. */
    public void assertAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(
                    name + " (pid " + pid() + ") exited with status " + process.exitValue() + "\n" + logs());
        }
    }

    /** The console output and every log file of this daemon, tail-first truncated to stay readable. */
    public String logs() {
        StringBuilder sb = new StringBuilder();
        List<Path> files = new ArrayList<>();
        files.add(console);
        try (var s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().startsWith(name)
                            && p.getFileName().toString().endsWith(".log"))
                    .sorted()
                    .forEach(files::add);
        } catch (IOException ignored) {
            // directory already gone: the console file read below will say so
        }
        for (Path f : files) {
            sb.append("----- ")
                    .append(f.getFileName())
                    .append(" (")
                    .append(name)
                    .append(", pid ")
                    .append(pid())
                    .append(") -----\n");
            sb.append(tail(f, 200)).append('\n');
        }
        return sb.toString();
    }

    private static String tail(Path f, int lines) {
        try {
            List<String> all = Files.readAllLines(f, StandardCharsets.UTF_8);
            int from = Math.max(0, all.size() - lines);
            return String.join("\n", all.subList(from, all.size()));
        } catch (IOException e) {
            return "(cannot read " + f + ": " + e.getMessage() + ")";
        }
    }

    /** SIGTERM, wait up to five seconds, then SIGKILL; always waits for the pid to be gone. */
    @Override
    public void close() {
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            LIVE.remove(this);
        }
    }

    /** Stops the daemon without a chance to clean up, as a crash or kill -9 would. */
    public void kill() {
        process.destroyForcibly();
        try {
            process.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        LIVE.remove(this);
    }

    /** Waits, bounded, until {@code ready} holds; a dead daemon or the timeout fails with the daemon's logs. */
    public void awaitReady(String what, Duration timeout, BooleanSupplier ready) {
        try {
            org.awaitility.Awaitility.await(name + " ready (" + what + ")")
                    .atMost(timeout)
                    .pollInterval(Duration.ofMillis(50))
                    .pollDelay(Duration.ZERO)
                    .until(() -> {
                        assertAlive();
                        return ready.getAsBoolean();
                    });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new IllegalStateException(name + " not ready (" + what + ") within " + timeout + "\n" + logs(), e);
        }
    }
}
