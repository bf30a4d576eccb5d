package io.ovnbgp.bridge.bgp;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovnbgp.bgp.rib.OriginAttributes;
import io.ovnbgp.bgp.rib.Rib;
import io.ovnbgp.bgp.rib.RibSettings;
import io.ovnbgp.bgp.wire.Prefix;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalPrefixesTest {
    private final Rib rib = new Rib(RibSettings.of(64512, 0x0A000001));
    private final LocalPrefixes local = new LocalPrefixes(rib);

    @AfterEach
    void close() {
        rib.close();
    }

    private Map<Prefix, OriginAttributes> inRib() throws Exception {
        return rib.originated().get(5, TimeUnit.SECONDS);
    }

    @Test
    void aPrefixWantedByTwoSourcesCarriesBothTagsAndStaysUntilTheLastLetsGo() throws Exception {
        Prefix ip = Prefix.parse("192.0.2.11/32");
        OriginatedPrefixes node = local.source("node");
        OriginatedPrefixes services = local.source("services");

        node.originate(ip, RibConfigFactory.NODE_IP);
        services.originate(ip, RibConfigFactory.EXTERNAL_IPS);
        assertThat(inRib().get(ip).tags()).containsExactlyInAnyOrder("nodeIP", "externalIPs");
        assertThat(local.countByTag()).containsExactlyInAnyOrderEntriesOf(Map.of("nodeIP", 1, "externalIPs", 1));

        services.withdraw(ip);
        assertThat(inRib().get(ip).tags()).containsExactly("nodeIP");
        services.withdraw(ip); // twice: nothing changes
        assertThat(inRib()).containsOnlyKeys(ip);

        node.withdraw(ip);
        assertThat(inRib()).isEmpty();
        assertThat(local.view()).isEmpty();
    }

    @Test
    void theStatusViewNamesTagsAndSources() {
        local.source("ovn-nb").originate(Prefix.parse("10.244.1.0/24"), Set.of(RibConfigFactory.POD_NETWORK));
        assertThat(local.view()).hasToString("{10.244.1.0/24={tags=[podNetwork], sources=[ovn-nb]}}");
    }
}
