package io.ovnbgp.e2e.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.ovnbgp.e2e.harness.Command;
import io.ovnbgp.e2e.monitoring.MonitoringFiles.Alert;
import io.ovnbgp.e2e.monitoring.MonitoringFiles.Query;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** What the alerts and the dashboard must hold, read from the files an administrator applies. */
class MonitoringManifestsTest {
    private static final String RUNBOOK = "https://github.com/ovn-bgp/ovn-bgp-bridge/blob/main/docs/operations.md#";

    @Test
    void theAlertsOfTheIssueAreThereWithTheirDurations() {
        Map<String, String> forByName = new TreeMap<>();
        MonitoringFiles.alerts().forEach(a -> forByName.put(a.name(), a.forDuration()));
        assertThat(forByName)
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "OvnBgpBridgeSessionDown", "2m",
                        "OvnBgpBridgeRouteSyncLagHigh", "10m",
                        "OvnBgpBridgeConfigInvalid", "1m",
                        "OvnBgpBridgeMaxPrefixTeardown", "",
                        "OvnBgpBridgeNorthboundDisconnected", "1m",
                        "OvnBgpBridgeRoutesHeldBack", "5m"));
    }

    @Test
    void everyAlertHasASeverityASummaryADescriptionNamingNodeAndPeerAndARunbookSectionThatExists() throws IOException {
        Set<String> sections = githubAnchors(Files.readString(MonitoringFiles.OPERATIONS));
        for (Alert a : MonitoringFiles.alerts()) {
            assertThat(a.labels().get("severity")).as(a.name()).isIn("warning", "critical");
            assertThat(a.annotations().get("summary")).as(a.name()).isNotBlank();
            String description = a.annotations().get("description");
            assertThat(description).as(a.name()).contains("{{ $labels.node }}", "{{ $labels.instance }}");
            if (MetricNames.in(a.expr()).stream().anyMatch(n -> n.contains("session_") || n.contains("max_prefix"))) {
                assertThat(description).as("%s is per peer", a.name()).contains("{{ $labels.peer }}");
            }
            String runbook = a.annotations().get("runbook_url");
            assertThat(runbook).as(a.name()).startsWith(RUNBOOK);
            assertThat(sections)
                    .as("docs/operations.md sections (runbook of %s)", a.name())
                    .contains(runbook.substring(RUNBOOK.length()));
        }
    }

    /** The promtool unit tests hold, for every alert, a moment it must fire and one it must not. */
    @Test
    void theUnitTestsFireAndSilenceEveryAlert() throws IOException {
        JsonNode tests;
        try (InputStream in = getClass().getResourceAsStream("/monitoring/rules-test.yaml")) {
            tests = MonitoringFiles.YAML.readTree(in);
        }
        Set<String> fired = new TreeSet<>();
        Set<String> silent = new TreeSet<>();
        for (JsonNode t : tests.path("tests")) {
            for (JsonNode c : t.path("alert_rule_test")) {
                (c.path("exp_alerts").isEmpty() ? silent : fired)
                        .add(c.path("alertname").asText());
            }
        }
        Set<String> names = MonitoringFiles.alerts().stream().map(Alert::name).collect(Collectors.toSet());
        assertThat(fired).as("alerts the unit tests fire").containsExactlyInAnyOrderElementsOf(names);
        assertThat(silent).as("alerts the unit tests expect silent").containsExactlyInAnyOrderElementsOf(names);
    }

    @Test
    void theDashboardShowsWhatTheIssueAsksFor() {
        Set<String> read = new TreeSet<>();
        MonitoringFiles.dashboardQueries().forEach(q -> read.addAll(MetricNames.in(q.promql())));
        assertThat(read)
                .contains(
                        "ovn_bgp_bridge_session_state",
                        "ovn_bgp_bridge_session_up",
                        "ovn_bgp_bridge_prefixes_received",
                        "ovn_bgp_bridge_prefixes_accepted",
                        "ovn_bgp_bridge_prefixes_advertised",
                        "ovn_bgp_bridge_route_sync_lag_seconds_bucket",
                        "ovn_bgp_bridge_nb_transaction_seconds_bucket",
                        "ovn_bgp_bridge_nb_repairs_total",
                        "ovn_bgp_bridge_routes_held_back",
                        "ovn_bgp_bridge_config_valid",
                        "ovn_bgp_bridge_config_reloads_total");
        List<JsonNode> heatmaps = new ArrayList<>();
        MonitoringFiles.dashboard().path("panels").forEach(p -> {
            if (p.path("type").asText().equals("heatmap")) {
                heatmaps.add(p);
            }
        });
        assertThat(heatmaps).as("heatmap panels").singleElement().satisfies(h -> {
            assertThat(h.path("targets").get(0).path("expr").asText())
                    .contains("ovn_bgp_bridge_route_sync_lag_seconds_bucket");
            assertThat(h.path("targets").get(0).path("format").asText()).isEqualTo("heatmap");
        });
    }

    /** A query that reads no metric is a typo or a leftover; every panel query reads at least one. */
    @Test
    void everyDashboardQueryReadsAMetric() {
        for (Query q : MonitoringFiles.dashboardQueries()) {
            assertThat(MetricNames.in(q.promql()))
                    .as(q.where() + ": " + q.promql())
                    .isNotEmpty();
        }
    }

    /** What `kubectl apply -k` would create: the PrometheusRule and the dashboard's ConfigMap for the sidecar. */
    @Test
    void kustomizeRendersTheRuleAndTheDashboardConfigMap() throws IOException {
        Assumptions.assumeTrue(
                Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                        .anyMatch(d -> Files.isExecutable(Path.of(d, "kubectl"))),
                "kubectl is not installed (Debian package kubectl): kustomize's rendering is not checked");
        Command.Result r = Command.run(
                        List.of("kubectl", "kustomize", MonitoringFiles.DIR.toString()),
                        Map.of(),
                        Duration.ofSeconds(60))
                .orThrow();
        List<JsonNode> docs = MonitoringFiles.YAML
                .readerFor(JsonNode.class)
                .<JsonNode>readValues(r.stdout())
                .readAll();
        Map<String, JsonNode> byKind = new TreeMap<>();
        docs.forEach(d -> byKind.put(d.path("kind").asText(), d));
        assertThat(byKind).containsOnlyKeys("ConfigMap", "PrometheusRule");
        JsonNode cm = byKind.get("ConfigMap");
        assertThat(cm.path("metadata").path("labels").path("grafana_dashboard").asText())
                .isEqualTo("1");
        assertThat(cm.path("metadata").path("name").asText()).isEqualTo("ovn-bgp-bridge-dashboard");
        assertThat(cm.path("data").path("ovn-bgp-bridge.json").asText())
                .isEqualTo(Files.readString(MonitoringFiles.DASHBOARD));
        assertThat(byKind.get("PrometheusRule").path("spec"))
                .isEqualTo(MonitoringFiles.prometheusRule().path("spec"));
    }

    /** The anchors GitHub gives the headings of a Markdown file: lower case, punctuation dropped, '-' for spaces. */
    static Set<String> githubAnchors(String markdown) {
        Set<String> anchors = new TreeSet<>();
        for (String line : markdown.split("\n")) {
            if (line.startsWith("#")) {
                String title = line.replaceFirst("^#+\\s*", "").trim().toLowerCase(Locale.ROOT);
                anchors.add(title.replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'));
            }
        }
        return anchors;
    }
}
