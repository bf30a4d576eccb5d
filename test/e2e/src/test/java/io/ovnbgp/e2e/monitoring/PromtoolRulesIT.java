package io.ovnbgp.e2e.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ovnbgp.e2e.harness.Command;
import io.ovnbgp.e2e.monitoring.MonitoringFiles.Alert;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The alerts, checked and unit-tested by promtool (Debian's prometheus package; hack/install-deps.sh installs it)
 * with the rule file taken from the PrometheusRule's spec, the only copy of the rules. Then the same unit tests
 * against broken rules, to show that they can fail for every alert.
 */
class PromtoolRulesIT {
    private static final String RULE_FILE = "ovn-bgp-bridge.rules.yaml";
    private static final Duration TIMEOUT = Duration.ofMinutes(2);
    private static String promtool;

    @BeforeAll
    static void findPromtool() {
        Optional<Path> found = Stream.of(
                        System.getenv().getOrDefault("PATH", "").split(":"))
                .map(d -> Path.of(d, "promtool"))
                .filter(Files::isExecutable)
                .findFirst();
        Assumptions.assumeTrue(
                found.isPresent(),
                "promtool is not installed (Debian package prometheus, see "
                        + "hack/install-deps.sh): the alert rules are neither checked nor unit-tested");
        promtool = found.get().toString();
    }

    @Test
    void theRulesPassPromtoolsCheck(@TempDir Path dir) throws IOException {
        Path rules = dir.resolve(RULE_FILE);
        Files.writeString(rules, MonitoringFiles.ruleFile());
        Command.Result r = Command.run(List.of(promtool, "check", "rules", rules.toString()), Map.of(), TIMEOUT);
        assertThat(r.exitCode())
                .as("promtool check rules:\n%s%s", r.stdout(), r.stderr())
                .isZero();
        assertThat(r.stdout()).contains("SUCCESS: " + MonitoringFiles.alerts().size() + " rules found");
    }

    @Test
    void theRulesPassTheirUnitTests(@TempDir Path dir) throws IOException {
        Command.Result r = unitTests(dir, MonitoringFiles.ruleFile());
        assertThat(r.exitCode())
                .as("promtool test rules:\n%s%s", r.stdout(), r.stderr())
                .isZero();
        assertThat(r.stdout()).contains("SUCCESS");
    }

    /** With every `for` taken away, the cases that must not fire yet fail, for each alert that has a `for`. */
    @Test
    void theUnitTestsCatchAnAlertThatFiresBeforeItsFor(@TempDir Path dir) throws IOException {
        JsonNode spec = MonitoringFiles.prometheusRule().path("spec").deepCopy();
        rules(spec).forEach(rule -> rule.remove("for"));
        Command.Result r = unitTests(dir, MonitoringFiles.YAML.writeValueAsString(spec));
        assertThat(r.exitCode()).isNotZero();
        for (Alert a : MonitoringFiles.alerts()) {
            if (!a.forDuration().isEmpty()) {
                assertThat(r.stdout() + r.stderr())
                        .as("promtool's failures name %s", a.name())
                        .contains("alertname: " + a.name() + ",");
            }
        }
    }

    /** With every expression made one that never fires, the cases that must fire fail, for each alert. */
    @Test
    void theUnitTestsCatchAnAlertThatNeverFires(@TempDir Path dir) throws IOException {
        JsonNode spec = MonitoringFiles.prometheusRule().path("spec").deepCopy();
        rules(spec).forEach(rule -> rule.put("expr", "(" + rule.path("expr").asText() + ") unless on () vector(1)"));
        Command.Result r = unitTests(dir, MonitoringFiles.YAML.writeValueAsString(spec));
        assertThat(r.exitCode()).isNotZero();
        for (Alert a : MonitoringFiles.alerts()) {
            assertThat(r.stdout() + r.stderr())
                    .as("promtool's failures name %s", a.name())
                    .contains("alertname: " + a.name() + ",");
        }
    }

    private static Command.Result unitTests(Path dir, String ruleFile) throws IOException {
        Files.writeString(dir.resolve(RULE_FILE), ruleFile);
        Path tests = dir.resolve("rules-test.yaml");
        try (InputStream in = PromtoolRulesIT.class.getResourceAsStream("/monitoring/rules-test.yaml")) {
            assertThat(in)
                    .as("monitoring/rules-test.yaml on the test class path")
                    .isNotNull();
            Files.copy(in, tests);
        }
        return Command.run(List.of(promtool, "test", "rules", tests.toString()), Map.of(), TIMEOUT);
    }

    private static List<ObjectNode> rules(JsonNode spec) {
        List<ObjectNode> rules = new ArrayList<>();
        spec.path("groups").forEach(g -> g.path("rules").forEach(r -> rules.add((ObjectNode) r)));
        return rules;
    }
}
