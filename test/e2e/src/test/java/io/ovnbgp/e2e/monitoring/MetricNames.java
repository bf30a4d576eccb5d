package io.ovnbgp.e2e.monitoring;

import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads, e.g. {@code ovn_bgp_bridge_route_sync_lag_seconds_bucket} from a
 * {@code histogram_quantile(...)}: the series names exactly as they must appear in a scrape, suffixes included.
 * Not a parser, but enough for alert rules and dashboards: everything that is not a metric name is taken away
 * first (strings, label matchers, ranges, grouping clauses, Grafana variables, numbers), then every identifier
 * left that is neither a function nor a keyword is a metric name.
 */
public final class MetricNames {
    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^{}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^\\[\\]]*]");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\([^()]*\\)");
    private static final Pattern GRAFANA_VARIABLES = Pattern.compile("\\$\\{[^}]*}|\\$\\w+");
    /** An identifier not glued to a number or a name before it, and whether a call's parenthesis follows. */
    private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");

    private static final Set<String> KEYWORDS = Set.of(
            "and",
            "or",
            "unless",
            "bool",
            "offset",
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "inf",
            "nan",
            "atan2");
    /** Grafana's {@code label_values(selector, label)}; with one argument it names a label, not a metric. */
    private static final Pattern LABEL_VALUES =
            Pattern.compile("^\\s*label_values\\((.*),\\s*[a-zA-Z_]\\w*\\s*\\)\\s*$", Pattern.DOTALL);

    private MetricNames() {}

    /** The metric names {@code promql} reads, sorted. */
    public static SortedSet<String> in(String promql) {
        String s = STRINGS.matcher(promql).replaceAll(" ");
        s = GRAFANA_VARIABLES.matcher(s).replaceAll(" ");
        s = MATCHERS.matcher(s).replaceAll(" ");
        s = RANGES.matcher(s).replaceAll(" ");
        s = GROUPING.matcher(s).replaceAll(" ");
        SortedSet<String> names = new TreeSet<>();
        Matcher m = IDENTIFIER.matcher(s);
        while (m.find()) {
            String id = m.group(1);
            boolean call = m.group(2) != null;
            if (!call && !KEYWORDS.contains(id.toLowerCase(Locale.ROOT))) {
                names.add(id);
            }
        }
        return names;
    }

    /**
     * The PromQL inside a Grafana variable query {@code label_values(selector, label)}; empty for
     * {@code label_values(label)} and for queries of other kinds, which the caller must not have.
     */
    public static Optional<String> labelValuesSelector(String variableQuery) {
        Matcher m = LABEL_VALUES.matcher(variableQuery);
        return m.matches() ? Optional.of(m.group(1)) : Optional.empty();
    }
}
