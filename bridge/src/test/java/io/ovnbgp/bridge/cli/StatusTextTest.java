package io.ovnbgp.bridge.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code status} as text: one aligned line per peer with the router columns, then the OVN line. */
class StatusTextTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    static final String STATUS = """
            {"node":"node1","version":"0.1.0","localASN":64512,"routerID":"192.0.2.10","ovnRouter":"GR_node1",
             "northbound":{"remote":"unix:/var/run/ovn/ovnnb_db.sock","connected":true,"ready":true,
                           "monitor":{"method":"monitor_cond_since","fullDumps":1,"resumes":2},
                           "schemaVersion":"7.0.0","model":"standalone","leader":true,"lastError":null},
             "routes":{"router":"GR_node1","rowsOwned":3,"prefixesWanted":2,"heldBack":1,"converged":true,
                       "syncLag":{"samples":40,"p50Ms":2.1,"p99Ms":17.5}},
             "bgpListenPort":179,
             "peers":[
               {"name":"tor-a","address":"192.0.2.1","port":179,"asn":65001,"state":"Established",
                "uptimeSeconds":93784,"upDownSeconds":93784,"timesEstablished":1,"lastError":null,
                "prefixes":{"received":12,"accepted":10,"advertised":3},
                "messagesReceived":{"open":1,"update":5,"notification":0,"keepalive":30,"route_refresh":0},
                "messagesSent":{"open":1,"update":2,"notification":0,"keepalive":31,"route_refresh":0}},
               {"name":"tor-b","address":"2001:db8::1","port":179,"asn":4200000001,"state":"Active",
                "uptimeSeconds":0,"upDownSeconds":65,"timesEstablished":2,
                "lastError":"received NOTIFICATION 6/2 (Cease / Administrative Shutdown)",
                "prefixes":{"received":0,"accepted":0,"advertised":0},
                "messagesReceived":{"open":2,"update":0},"messagesSent":{"open":3}},
               {"name":"tor-c","address":"192.0.2.3","port":179,"asn":65003,"state":"Connect",
                "uptimeSeconds":0,"upDownSeconds":12,"timesEstablished":0,"lastError":null,
                "messagesReceived":{},"messagesSent":{}}
             ]}
            """;

    @Test
    void eachPeerIsOneAlignedLineWithUpDownPrefixesMessagesAndLastError() throws Exception {
        String out = StatusText.render(JSON.readTree(STATUS));
        assertThat(out)
                .startsWith("ovn-bgp-bridge 0.1.0, node node1: local AS 64512, router ID 192.0.2.10, "
                        + "BGP port 179\n\n");
        String[] lines = out.split("\n");
        assertThat(lines[2])
                .matches(
                        "Peer +Address +AS +State +Up/Down +PfxRcd +PfxAcc +PfxSnt +MsgRcvd +MsgSent" + " +Last error");
        assertThat(lines[3].split(" +"))
                .containsExactly(
                        "tor-a", "192.0.2.1", "65001", "Established", "1d02h03m", "12", "10", "3", "36", "34", "-");
        // down for 65 s after having been up; the error is the whole last column
        assertThat(lines[4])
                .startsWith("tor-b")
                .contains(" Active ", " 00:01:05 ")
                .endsWith("received NOTIFICATION 6/2 (Cease / Administrative Shutdown)");
        assertThat(lines[5].split(" +"))
                .containsExactly("tor-c", "192.0.2.3", "65003", "Connect", "never", "-", "-", "-", "0", "0", "-");
        // columns line up: every peer's state starts where the header's does
        int stateCol = lines[2].indexOf("State");
        assertThat(lines[3].indexOf("Established")).isEqualTo(stateCol);
        assertThat(lines[4].indexOf("Active")).isEqualTo(stateCol);
        assertThat(lines[7])
                .isEqualTo(
                        "OVN unix:/var/run/ovn/ovnnb_db.sock: connected, leader (standalone), monitor_cond_since (1 full dumps, 2 resumed); "
                                + "GR_node1: 3 rows owned, 1 held back; sync lag p50 2.1 ms, p99 17.5 ms (last 40 route changes)");
    }

    @Test
    void aDisconnectedNorthboundSaysWhyAndNoLagYetIsSaid() throws Exception {
        JsonNode s = JSON.readTree("""
                {"northbound":{"remote":"tcp:10.0.0.5:6641","connected":false,"ready":false,
                               "lastError":"connection refused"},
                 "routes":{"router":"GR_node1","rowsOwned":0,"heldBack":0,"converged":false,"waitingFor":"tor-a",
                           "syncLag":{"samples":0}},
                 "peers":[]}
                """);
        assertThat(StatusText.ovnLine(s))
                .isEqualTo(
                        "OVN tcp:10.0.0.5:6641: disconnected (connection refused); "
                                + "GR_node1: 0 rows owned, 0 held back, converging (waiting for tor-a); sync lag: no route change yet");
        assertThat(StatusText.render(s)).contains("No peers configured.");
    }

    @Test
    void upDownTimeReadsLikeARouters() {
        assertThat(UpDownTime.format(0)).isEqualTo("00:00:00");
        assertThat(UpDownTime.format(3_599)).isEqualTo("00:59:59");
        assertThat(UpDownTime.format(86_399)).isEqualTo("23:59:59");
        assertThat(UpDownTime.format(86_400 + 2 * 3_600 + 3 * 60 + 59)).isEqualTo("1d02h03m");
        assertThat(UpDownTime.format(15 * 86_400 + 4 * 3_600)).isEqualTo("2w1d04h");
    }
}
