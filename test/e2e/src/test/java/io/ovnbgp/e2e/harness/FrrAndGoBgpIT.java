package io.ovnbgp.e2e.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** FRR and GoBGP started by the harness peer with each other and exchange a route both ways. */
@ExtendWith(RealDaemons.class)
class FrrAndGoBgpIT {

    @Test
    void frrAndGobgpEstablishAndExchangeRoutes(Daemons daemons) {
        int frrPort = FreePorts.next();
        int gobgpPort = FreePorts.next();
        FrrBgpd frr = daemons.frr("127.0.0.2", frrPort, """
                frr defaults datacenter
                hostname frr1
                log stdout informational
                router bgp 65001
                 bgp router-id 10.255.0.1
                 no bgp ebgp-requires-policy
                 no bgp network import-check
                 neighbor 127.0.0.3 remote-as 65002
                 neighbor 127.0.0.3 port %d
                 address-family ipv4 unicast
                  network 198.51.100.0/24
                  neighbor 127.0.0.3 route-map nh out
                 exit-address-family
                route-map nh permit 10
                 set ip next-hop 203.0.113.1
                """.formatted(gobgpPort));
        GoBgpd gobgp = daemons.gobgp("""
                [global.config]
                  as = 65002
                  router-id = "10.255.0.2"
                  port = %d
                  local-address-list = ["127.0.0.3"]
                [[neighbors]]
                  [neighbors.config]
                    neighbor-address = "127.0.0.2"
                    peer-as = 65001
                  [neighbors.transport.config]
                    remote-port = %d
                    local-address = "127.0.0.3"
                """.formatted(gobgpPort, frrPort));

        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    assertThat(frr.neighborState("127.0.0.3")).isEqualTo("Established");
                    assertThat(gobgp.neighborState("127.0.0.2")).isEqualTo(6);
                });

        // GoBGP ignores loopback next hops: announce with one from a made-up external network
        gobgp.gobgp("global", "rib", "add", "-a", "ipv4", "192.0.2.0/24", "nexthop", "203.0.113.2",
                "community", "65002:7");

        Awaitility.await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    JsonNode routes = frr.vtyshJson("show bgp ipv4 unicast json").path("routes");
                    assertThat(routes.has("192.0.2.0/24")).as("FRR learned GoBGP's route: %s", routes).isTrue();
                    JsonNode rib = gobgp.gobgpJson("global", "rib", "-a", "ipv4");
                    assertThat(rib.has("198.51.100.0/24")).as("GoBGP learned FRR's route: %s", rib).isTrue();
                });
    }
}
