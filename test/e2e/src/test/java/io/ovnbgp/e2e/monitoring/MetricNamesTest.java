package io.ovnbgp.e2e.monitoring;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MetricNamesTest {
    @Test
    void aHistogramQuantileReadsTheBucketSeriesAndNotItsGroupingLabels() {
        assertThat(MetricNames.in("""
                histogram_quantile(0.99,
                    sum by (job, instance, le) (rate(ovn_bgp_bridge_route_sync_lag_seconds_bucket[5m])))
                  * on (job, instance) group_left (node) max by (job, instance, node) (ovn_bgp_bridge_build_info)
                > 1
                """))
                .containsExactly("ovn_bgp_bridge_build_info", "ovn_bgp_bridge_route_sync_lag_seconds_bucket");
    }

    @Test
    void labelValuesDurationsOffsetsAndNumbersAreNotNames() {
        assertThat(MetricNames.in("""
                (increase(a_total{peer="tor-a", reason=~"Cease / .*"}[10m]) > 0
                  or (a_total > 0 unless a_total offset 10m) and on (job) (b offset 1h30m))
                  + 1e3 - 0x1f + Inf + NaN
                """)).containsExactly("a_total", "b");
    }

    @Test
    void grafanaVariablesInsideAndOutsideMatchersAreNotNames() {
        assertThat(MetricNames.in(
                        "sum by (le) (increase(x_bucket{instance=~\"$instance\"}[$__rate_interval]))" + " / ${scale}"))
                .containsExactly("x_bucket");
        assertThat(MetricNames.in("-sum by (peer, type) (rate(m_total{instance=~\"$instance\"}[$__rate_interval]))"))
                .containsExactly("m_total");
    }

    @Test
    void aggregationsWithTheGroupingClauseAfterTheirArgumentAreFunctions() {
        assertThat(MetricNames.in("sum(rate(c_total[5m])) by (peer) > bool 0")).containsExactly("c_total");
        assertThat(MetricNames.in("count without (le) (d)")).containsExactly("d");
    }

    @Test
    void aMetricNameThatLooksLikeAKeywordPrefixIsStillAName() {
        assertThat(MetricNames.in("order_total + by_node + on_off"))
                .containsExactly("by_node", "on_off", "order_total");
    }

    @Test
    void aLabelValuesVariableQueryYieldsItsSelectorOnlyWhenItHasOne() {
        assertThat(MetricNames.labelValuesSelector(
                        "label_values(ovn_bgp_bridge_build_info{node=~\"$node\"}, instance)"))
                .hasValue("ovn_bgp_bridge_build_info{node=~\"$node\"}");
        assertThat(MetricNames.labelValuesSelector("label_values(node)")).isEmpty();
        assertThat(MetricNames.labelValuesSelector("query_result(up)")).isEmpty();
    }
}
