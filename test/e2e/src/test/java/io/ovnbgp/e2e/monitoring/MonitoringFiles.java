package io.ovnbgp.e2e.monitoring;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * manifests/monitoring as the tests read it: the alerts of the PrometheusRule, its {@code spec} as the plain rule
 * file promtool wants, and every PromQL query of the Grafana dashboard.
 */
public final class MonitoringFiles {
    /** The project's top directory: the tests run in test/e2e. */
    public static final Path TOP =
            Path.of(System.getProperty("project.top", "../..")).toAbsolutePath().normalize();

    public static final Path DIR = TOP.resolve("manifests/monitoring");
    public static final Path PROMETHEUS_RULE = DIR.resolve("prometheusrule.yaml");
    public static final Path DASHBOARD = DIR.resolve("dashboard.json");
    public static final Path OPERATIONS = TOP.resolve("docs/operations.md");
    public static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .enable(YAMLGenerator.Feature.LITERAL_BLOCK_STYLE)
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER));
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One alerting rule. */
    public record Alert(
            String name,
            String expr,
            String forDuration,
            Map<String, String> labels,
            Map<String, String> annotations) {}

    /** A PromQL query and where it is, for messages: "alert X", "panel 'Y' query A", "variable node". */
    public record Query(String where, String promql) {}

    private MonitoringFiles() {}

    public static JsonNode prometheusRule() {
        return read(YAML, PROMETHEUS_RULE);
    }

    /** The PrometheusRule's {@code spec}: the rule groups, as a Prometheus rule file. */
    public static String ruleFile() {
        try {
            return YAML.writeValueAsString(prometheusRule().path("spec"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static List<Alert> alerts() {
        List<Alert> alerts = new ArrayList<>();
        for (JsonNode group : prometheusRule().path("spec").path("groups")) {
            for (JsonNode rule : group.path("rules")) {
                if (rule.has("alert")) {
                    alerts.add(new Alert(
                            rule.path("alert").asText(),
                            rule.path("expr").asText(),
                            rule.path("for").asText(""),
                            strings(rule.path("labels")),
                            strings(rule.path("annotations"))));
                }
            }
        }
        return alerts;
    }

    public static JsonNode dashboard() {
        return read(JSON, DASHBOARD);
    }

    /** Every query of the dashboard: each panel's targets (rows' nested panels too) and each variable's. */
    public static List<Query> dashboardQueries() {
        JsonNode d = dashboard();
        List<Query> queries = new ArrayList<>();
        List<JsonNode> panels = new ArrayList<>();
        d.path("panels").forEach(p -> {
            panels.add(p);
            p.path("panels").forEach(panels::add);
        });
        for (JsonNode p : panels) {
            for (JsonNode t : p.path("targets")) {
                queries.add(new Query(
                        "panel '" + p.path("title").asText() + "' query "
                                + t.path("refId").asText(),
                        t.path("expr").asText()));
            }
        }
        for (JsonNode v : d.path("templating").path("list")) {
            if (v.path("type").asText().equals("query")) {
                JsonNode q = v.path("query");
                String text = q.isTextual() ? q.asText() : q.path("query").asText();
                String promql = MetricNames.labelValuesSelector(text)
                        .orElseThrow(() -> new IllegalStateException(
                                "variable " + v.path("name").asText() + ": a query the tests cannot read: " + text));
                queries.add(new Query("variable " + v.path("name").asText(), promql));
            }
        }
        return queries;
    }

    /** The queries of the alerts and of the dashboard. */
    public static List<Query> allQueries() {
        List<Query> all = new ArrayList<>();
        alerts().forEach(a -> all.add(new Query("alert " + a.name(), a.expr())));
        all.addAll(dashboardQueries());
        return all;
    }

    private static Map<String, String> strings(JsonNode object) {
        Map<String, String> m = new LinkedHashMap<>();
        object.fields().forEachRemaining(e -> m.put(e.getKey(), e.getValue().asText()));
        return m;
    }

    private static JsonNode read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readTree(Files.readString(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
