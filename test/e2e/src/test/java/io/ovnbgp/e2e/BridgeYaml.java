package io.ovnbgp.e2e;

/** The part of a bridge configuration the suites share: node1 of AS 64512 on loopback. */
public final class BridgeYaml {
    private BridgeYaml() {}

    /**
     * {@code nodeName} to {@code metrics}, each on its line; the caller adds {@code peers} (and whatever else).
     *
     * @param ovnExtra more fields inside {@code ovn: {...}}, or empty
     */
    public static String node1(int listenPort, String northbound, String ovnExtra, int httpPort) {
        return """
                nodeName: node1
                localASN: 64512
                routerID: 192.0.2.10
                listen: {address: 127.0.0.1, port: %d}
                ovn: {northbound: "%s"%s}
                metrics: {address: 127.0.0.1, port: %d}
                """.formatted(listenPort, northbound, ovnExtra.isEmpty() ? "" : ", " + ovnExtra, httpPort);
    }
}
