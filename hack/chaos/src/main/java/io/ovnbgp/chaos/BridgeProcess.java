package io.ovnbgp.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ovnbgp.bench.IngestBench;
import io.ovnbgp.bench.ProcessMemory;
import io.ovnbgp.e2e.harness.Command;
import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.ManagedProcess;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The bridge as the DaemonSet runs it: its jar in a JVM of its own with the image's daemon flags
 * ({@code Containerfile}'s OVN_BGP_BRIDGE_DAEMON_JVM_FLAGS, read from it), the container's memory limit
 * ({@code manifests/base/daemonset.yaml}: 512Mi) given to the JVM as its physical memory, since there is no cgroup
 * here. Its log (stderr) is kept whole for the stack-trace check.
 */
final class BridgeProcess implements AutoCloseable {
    /** manifests/base/daemonset.yaml: resources.limits.memory. */
    static final long CONTAINER_LIMIT_MIB = 512;
    /** Containerfile: OVN_BGP_BRIDGE_DAEMON_JVM_FLAGS, read from it, so that the scenarios follow the image. */
    static final List<String> DAEMON_FLAGS = imageFlags();

    private static final Path JAR = Path.of("bridge/target/ovn-bgp-bridge.jar").toAbsolutePath();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern HISTOGRAM_ROW = Pattern.compile("(?m)^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)");
    /**
     * One generation's or the whole heap's use in {@code GC.heap_info}: G1 prints one "garbage-first heap" line,
     * the parallel collector a "PSYoungGen" and a "ParOldGen" line; their sum is the heap used.
     */
    private static final Pattern HEAP_USED =
            Pattern.compile("(?m)^\\s*(?:garbage-first heap|PSYoungGen|ParOldGen)\\s+total \\d+K, used (\\d+)K");

    private final ManagedProcess process;
    private final int httpPort;

    private static List<String> imageFlags() {
        try {
            return IngestBench.imageJvmFlags();
        } catch (IOException e) {
            throw new UncheckedIOException("the daemon's JVM flags from the Containerfile", e);
        }
    }

    private BridgeProcess(ManagedProcess process, int httpPort) {
        this.process = process;
        this.httpPort = httpPort;
    }

    /** Starts the bridge on {@code configYaml} (which must put its HTTP server on {@code httpPort}). */
    static BridgeProcess start(Daemons daemons, String configYaml, int httpPort) throws IOException {
        Path dir = daemons.newDir("bridge-config");
        Path config = dir.resolve("config.yaml");
        Files.writeString(config, configYaml, StandardCharsets.UTF_8);
        List<String> argv = new ArrayList<>();
        argv.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        argv.addAll(DAEMON_FLAGS);
        argv.add("-XX:MaxRAM=" + CONTAINER_LIMIT_MIB + "m");
        argv.addAll(List.of("-jar", JAR.toString(), "run", "--config", config.toString()));
        ManagedProcess p = daemons.start("bridge", argv, Map.of());
        BridgeProcess b = new BridgeProcess(p, httpPort);
        p.awaitReady("/readyz", Duration.ofSeconds(120), () -> b.status("/readyz") == 200);
        return b;
    }

    long pid() {
        return process.pid();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** SIGKILL, as a crash or an OOM kill: nothing of the daemon's own stop runs. Waits for the pid to be gone. */
    void kill9() {
        process.kill();
    }

    ManagedProcess process() {
        return process;
    }

    /** The bridge's own log: its console (stderr and stdout). */
    Path log() {
        return process.dir().resolve("bridge.console");
    }

    int status(String path) {
        try {
            return HTTP.send(request(path), HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    JsonNode json(String path) throws IOException, InterruptedException {
        HttpResponse<byte[]> r = HTTP.send(request(path), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IOException(path + " answered " + r.statusCode());
        }
        return JSON.readTree(r.body());
    }

    private HttpRequest request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path))
                .timeout(Duration.ofSeconds(60))
                .build();
    }

    /** Used heap after a full GC ({@code jcmd GC.run}, then {@code GC.heap_info}), in KiB. */
    long heapAfterGcKib() {
        Duration t = Duration.ofSeconds(60);
        String pid = Long.toString(pid());
        // twice: the first may leave what finalization or reference processing only frees the second time
        Command.run(List.of("jcmd", pid, "GC.run"), Map.of(), t).orThrow();
        Command.run(List.of("jcmd", pid, "GC.run"), Map.of(), t).orThrow();
        String info = Command.run(List.of("jcmd", pid, "GC.heap_info"), Map.of(), t)
                .orThrow()
                .stdout();
        Matcher m = HEAP_USED.matcher(info);
        long used = 0;
        boolean found = false;
        while (m.find()) {
            used += Long.parseLong(m.group(1));
            found = true;
        }
        if (!found) {
            throw new IllegalStateException("no heap figure in jcmd GC.heap_info: " + info);
        }
        return used;
    }

    /** Bytes per class after a full GC ({@code jcmd GC.class_histogram}). */
    Map<String, Long> classHistogram() {
        String text = Command.run(
                        List.of("jcmd", Long.toString(pid()), "GC.class_histogram"), Map.of(), Duration.ofSeconds(60))
                .orThrow()
                .stdout();
        Map<String, Long> bytes = new HashMap<>();
        Matcher m = HISTOGRAM_ROW.matcher(text);
        while (m.find()) {
            bytes.merge(m.group(2), Long.parseLong(m.group(1)), Long::sum);
        }
        return bytes;
    }

    /** The classes that grew most between two histograms, as "class +N KiB" lines. */
    static List<String> growth(Map<String, Long> before, Map<String, Long> after, int top) {
        return after.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)))
                .filter(e -> e.getValue() > 0)
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .limit(top)
                .map(e -> e.getKey() + " +" + e.getValue() / 1024 + " KiB")
                .toList();
    }

    /** Peak resident memory (VmHWM) so far, KiB. */
    long peakRssKib() {
        return ProcessMemory.peakKib(pid());
    }

    long rssKib() {
        return ProcessMemory.rssKib(pid());
    }

    /** Log lines of level ERROR, and stack traces through our code (lines {@code at io.ovnbgp...}) after them. */
    LogVerdict scanLog() throws IOException {
        List<String> lines = Files.readAllLines(log(), StandardCharsets.UTF_8);
        int errors = 0;
        int errorsWithOurTrace = 0;
        int ourTraces = 0;
        String level = "";
        boolean counted = false;
        List<String> samples = new ArrayList<>();
        for (String line : lines) {
            Matcher m = LogVerdict.EVENT.matcher(line);
            if (m.find()) {
                level = m.group(1);
                counted = false;
                if (level.equals("ERROR")) {
                    errors++;
                    if (samples.size() < 5) {
                        samples.add(line);
                    }
                }
            } else if (line.stripLeading().startsWith("at io.ovnbgp.") && !counted) {
                counted = true;
                ourTraces++;
                if (level.equals("ERROR")) {
                    errorsWithOurTrace++;
                }
                if (samples.size() < 5) {
                    samples.add(level + " trace: " + line.strip());
                }
            }
        }
        return new LogVerdict(lines.size(), errors, errorsWithOurTrace, ourTraces, samples);
    }

    /** What the log showed. */
    record LogVerdict(int lines, int errors, int errorsWithOurTrace, int ourTraces, List<String> samples) {
        static final Pattern EVENT = Pattern.compile("^\\S+ (TRACE|DEBUG|INFO|WARN|ERROR)\\s");
    }

    @Override
    public void close() {
        process.close();
    }
}
