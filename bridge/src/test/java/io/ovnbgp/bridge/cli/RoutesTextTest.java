package io.ovnbgp.bridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code routes} as text: paths with best/ECMP marks, the OVN rows under them, originated prefixes with peers. */
class RoutesTextTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static final String ROUTES = """
            {"limit":2,
             "learned":[
               {"prefix":"198.51.100.0/24","router":"GR_node1","nextHops":["203.0.113.2","203.0.113.3"],
                "heldBack":false,
                "paths":[
                  {"peer":"tor-a","peerAddress":"127.0.0.2","nextHop":"203.0.113.2","best":true,"multipath":true,
                   "stale":false,"asPath":"65001"},
                  {"peer":"tor-b","peerAddress":"127.0.0.3","nextHop":"203.0.113.3","best":false,"multipath":true,
                   "stale":true,"asPath":"65002 65010"}],
                "rows":[
                  {"uuid":"0f3c8a1e-1111-2222-3333-444455556666","nexthop":"192.0.2.99","ours":false},
                  {"uuid":"a1b2c3d4-1111-2222-3333-444455556666","nexthop":"203.0.113.2","ours":true,"bfd":"up"}]},
               {"prefix":"198.51.101.0/24","router":"GR_node1","nextHops":["203.0.113.2"],"heldBack":true,
                "paths":[{"peer":"tor-a","peerAddress":"127.0.0.2","nextHop":"203.0.113.2","best":true,
                          "multipath":true,"stale":false,"asPath":"65001"}],
                "rows":[]}],
             "learnedTotal":5,"learnedMore":3,
             "originated":[
               {"prefix":"10.244.1.0/24","tags":["podNetwork"],"sources":["ovn-nb"],
                "advertisedTo":[{"peer":"tor-a","nextHop":"192.0.2.10","asPath":"64512"}]},
               {"prefix":"192.0.2.80/32","tags":["loadBalancerIPs"],"sources":["services"],"advertisedTo":[]}],
             "originatedTotal":2,"originatedMore":0}
            """;

    @Test
    void learnedPrefixesShowTheirPathsMarkedAndTheirOvnRowsAndOriginatedOnesTheirPeers() throws Exception {
        String out = RoutesText.render(JSON.readTree(ROUTES));
        assertThat(out).startsWith("Learned prefixes: 5\n" + RoutesText.CODES + "\n\n");
        assertThat(out.lines().filter(l -> l.startsWith("*> 198.51.100.0/24")))
                .singleElement()
                .asString()
                .matches("\\*> 198\\.51\\.100\\.0/24 +203\\.0\\.113\\.2 +tor-a \\(127\\.0\\.0\\.2\\) +65001");
        // the second path: stale, in the ECMP set, prefix not repeated
        assertThat(out).containsPattern("\nS= +203\\.0\\.113\\.3 +tor-b \\(127\\.0\\.0\\.3\\) +65002 65010\n");
        assertThat(out)
                .containsPattern("\n +OVN GR_node1 0f3c8a1e via 192\\.0\\.2\\.99 \\(not ours\\)\n")
                .containsPattern("\n +OVN GR_node1 a1b2c3d4 via 203\\.0\\.113\\.2 \\(ours, BFD up\\)\n")
                .containsPattern("\n +OVN GR_node1: no row \\(held back: ovn.maxRoutes reached\\)\n");
        assertThat(out).contains("... 3 more learned prefixes not shown (raise --limit, or ask for one PREFIX)\n");
        assertThat(out).contains("\nOriginated prefixes: 2\n");
        assertThat(out)
                .containsPattern("\n10\\.244\\.1\\.0/24 +podNetwork +tor-a \\(next hop 192\\.0\\.2\\.10, AS path "
                        + "64512\\)\n")
                .containsPattern("\n192\\.0\\.2\\.80/32 +loadBalancerIPs +no peer\n");
        assertThat(out).doesNotContain("more originated");
    }

    @Test
    void onePrefixFromStatusPrintsAsInTheWholeTable() throws Exception {
        String status = """
                {"ovnRouter":"GR_node1",
                 "route":{"prefix":"198.51.100.0/24","nextHops":["203.0.113.2"],"heldBack":false,
                          "rows":[{"uuid":"a1b2c3d4-1111-2222-3333-444455556666","nexthop":"203.0.113.2","ours":true}],
                          "bgpPaths":[{"peer":"tor-a","peerAddress":"127.0.0.2","nextHop":"203.0.113.2","best":true,
                                       "multipath":true,"stale":false,"asPath":"65001"}],
                          "originated":null,"advertisedTo":[]}}
                """;
        String out = RoutesText.render(RoutesText.fromPrefixView(JSON.readTree(status)));
        assertThat(out)
                .startsWith("Learned prefixes: 1\n")
                .contains("*> 198.51.100.0/24")
                .containsPattern("OVN GR_node1 a1b2c3d4 via 203\\.0\\.113\\.2 \\(ours\\)")
                .contains("\nOriginated prefixes: 0\n");

        String originatedOnly = """
                {"ovnRouter":"GR_node1",
                 "route":{"prefix":"10.244.1.0/24","nextHops":[],"heldBack":false,"rows":[],"bgpPaths":[],
                          "originated":{"tags":["podNetwork"],"sources":["ovn-nb"]},
                          "advertisedTo":[{"peer":"tor-a","nextHop":"192.0.2.10","asPath":"64512"}]}}
                """;
        out = RoutesText.render(RoutesText.fromPrefixView(JSON.readTree(originatedOnly)));
        assertThat(out).startsWith("Learned prefixes: 0\n").containsPattern("\n10\\.244\\.1\\.0/24 +podNetwork +tor-a");
    }
}
