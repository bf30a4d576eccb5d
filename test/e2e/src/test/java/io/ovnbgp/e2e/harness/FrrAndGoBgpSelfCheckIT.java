package io.ovnbgp.e2e.harness;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A self-check of the harness, not of our code: FRR and GoBGP as the harness starts them peer with each other and
 * exchange a route both ways, so that a failure of the suites that use them points at our speaker, not at them.
 */
@ExtendWith(RealDaemons.class)
class FrrAndGoBgpSelfCheckIT {

    @Test
    void frrAndGobgpEstablishAndExchangeRoutes(Daemons daemons) {
        int frrPort = FreePorts.next();
        int gobgpPort = FreePorts.next();
        FrrBgpd frr = daemons.frr("127.0.0.2", frrPort, frrTowardsGobgp(gobgpPort));
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

        Awaitility.await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    assertThat(frr.neighborState("127.0.0.3")).isEqualTo("Established");
                    assertThat(gobgp.neighborState("127.0.0.2")).isEqualTo(6);
                });

        // GoBGP ignores loopback next hops: announce with one from a made-up external network
        gobgp.gobgp(
                "global", "rib", "add", "-a", "ipv4", "192.0.2.0/24", "nexthop", "203.0.113.2", "community", "65002:7");

        Awaitility.await()
                .atMost(Duration.ofSeconds(30))
                .pollInterval(Duration.ofMillis(250))
                .untilAsserted(() -> {
                    JsonNode routes =
                            frr.vtyshJson("show bgp ipv4 unicast json").path("routes");
                    assertThat(routes.has("192.0.2.0/24"))
                            .as("FRR learned GoBGP's route: %s", routes)
                            .isTrue();
                    JsonNode rib = gobgp.gobgpJson("global", "rib", "-a", "ipv4");
                    assertThat(rib.has("198.51.100.0/24"))
                            .as("GoBGP learned FRR's route: %s", rib)
                            .isTrue();
                });
    }

    static String frrTowardsGobgp(int gobgpPort) {
        return FrrConfig.datacenter("frr1")
                .logToStdout()
                .routerBgp(65001, "10.255.0.1")
                .noEbgpPolicy()
                .noImportCheck()
                .neighbor("127.0.0.3", "remote-as 65002", "port " + gobgpPort)
                .addressFamily("ipv4 unicast", "network 198.51.100.0/24", "neighbor 127.0.0.3 route-map nh out")
                .routeMap("nh", "set ip next-hop 203.0.113.1")
                .text();
    }
}
