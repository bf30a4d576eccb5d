package io.ovnbgp.bridge.ovn;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bridge.bgp.OriginatedPrefixes;
import io.ovnbgp.ovsdb.client.Uuid;
import io.ovnbgp.ovsdb.nb.LogicalSwitch;
import io.ovnbgp.ovsdb.nb.NbSnapshot;
import io.ovnbgp.ovsdb.nb.NbTable;
import io.ovnbgp.ovsdb.nb.RowChange;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** NB's subnets win; the Node annotation's are used only while NB has none. */
class PodNetworkFallbackTest {
    private final List<String> log = new ArrayList<>();
    private final PodNetworkSource source = new PodNetworkSource("node1", new OriginatedPrefixes() {
        @Override
        public void originate(Prefix prefix, Set<String> tags) {
            log.add("+" + prefix + " " + tags);
        }

        @Override
        public void withdraw(Prefix prefix) {
            log.add("-" + prefix);
        }
    });

    private static LogicalSwitch nodeSwitch(String name, String subnet) {
        return new LogicalSwitch(
                Uuid.of(
                        name.equals("node1")
                                ? "00000000-0000-0000-0000-000000000001"
                                : "00000000-0000-0000-0000-000000000002"),
                name,
                subnet == null ? Map.of() : Map.of("subnet", subnet),
                Map.of());
    }

    private static NbSnapshot nb(String subnet) {
        return NbSnapshot.of(nodeSwitch("node1", subnet));
    }

    /** The node switch's other_config changed to {@code subnet}. */
    private void switchChanged(String subnet) {
        LogicalSwitch ls = nodeSwitch("node1", subnet);
        source.changed(
                List.of(new RowChange(RowChange.Kind.MODIFIED, NbTable.LOGICAL_SWITCH, ls.uuid(), ls, ls)), nb(subnet));
    }

    @Test
    void annotationUntilNorthboundHasTheSubnetThenNorthboundAndBackWhenItIsRemoved() {
        source.annotatedSubnets(Set.of(Prefix.parse("10.244.2.0/24")));
        assertThat(log).containsExactly("+10.244.2.0/24 [podNetwork]");
        assertThat(source.view()).containsEntry("from", "node annotation");

        source.resynced(nb(null));
        assertThat(log).hasSize(1);

        switchChanged("10.244.1.0/24");
        assertThat(log).containsExactly("+10.244.2.0/24 [podNetwork]", "-10.244.2.0/24", "+10.244.1.0/24 [podNetwork]");
        assertThat(source.view()).containsEntry("from", "northbound");

        switchChanged(null);
        assertThat(log.subList(3, log.size())).containsExactly("-10.244.1.0/24", "+10.244.2.0/24 [podNetwork]");
    }

    @Test
    void changesOfOtherRowsAreNotLookedAt() {
        source.resynced(nb("10.244.1.0/24"));
        assertThat(log).containsExactly("+10.244.1.0/24 [podNetwork]");
        // another node's switch, and a snapshot that (wrongly) lacks ours: nothing of ours changed, nothing is read
        LogicalSwitch other = nodeSwitch("node2", "10.244.9.0/24");
        source.changed(
                List.of(new RowChange(RowChange.Kind.INSERTED, NbTable.LOGICAL_SWITCH, other.uuid(), null, other)),
                NbSnapshot.of(other));
        assertThat(log).containsExactly("+10.244.1.0/24 [podNetwork]");
        // our switch removed
        LogicalSwitch ours = nodeSwitch("node1", "10.244.1.0/24");
        source.changed(
                List.of(new RowChange(RowChange.Kind.DELETED, NbTable.LOGICAL_SWITCH, ours.uuid(), ours, null)),
                NbSnapshot.of(other));
        assertThat(log).containsExactly("+10.244.1.0/24 [podNetwork]", "-10.244.1.0/24");
    }
}
