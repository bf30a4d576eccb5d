package io.ovnbgp.bridge.ovn;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bridge.bgp.OriginatedPrefixes;
import io.ovnbgp.ovsdb.client.Uuid;
import io.ovnbgp.ovsdb.nb.LogicalSwitch;
import io.ovnbgp.ovsdb.nb.NbSnapshot;
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

    private static NbSnapshot nb(String subnet) {
        return NbSnapshot.of(new LogicalSwitch(
                Uuid.of("00000000-0000-0000-0000-000000000001"),
                "node1",
                subnet == null ? Map.of() : Map.of("subnet", subnet),
                Map.of()));
    }

    @Test
    void annotationUntilNorthboundHasTheSubnetThenNorthboundAndBackWhenItIsRemoved() {
        source.annotatedSubnets(Set.of(Prefix.parse("10.244.2.0/24")));
        assertThat(log).containsExactly("+10.244.2.0/24 [podNetwork]");
        assertThat(source.view()).containsEntry("from", "node annotation");

        source.resynced(nb(null));
        assertThat(log).hasSize(1);

        source.changed(List.of(), nb("10.244.1.0/24"));
        assertThat(log).containsExactly("+10.244.2.0/24 [podNetwork]", "-10.244.2.0/24", "+10.244.1.0/24 [podNetwork]");
        assertThat(source.view()).containsEntry("from", "northbound");

        source.changed(List.of(), nb(null));
        assertThat(log.subList(3, log.size())).containsExactly("-10.244.1.0/24", "+10.244.2.0/24 [podNetwork]");
    }
}
