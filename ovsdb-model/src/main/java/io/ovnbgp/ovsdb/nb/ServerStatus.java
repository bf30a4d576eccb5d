package io.ovnbgp.ovsdb.nb;

/**
 * One database as the server's {@code _Server.Database} table describes it: {@code model} is "standalone",
 * "clustered" or "relay"; for a clustered database {@code connected} says whether this member is in touch with
 * the cluster and {@code leader} whether it is the leader. {@code index} is the RAFT log index (0 if none).
 */
public record ServerStatus(String name, String model, boolean connected, boolean leader, long index) {
    /** What a server without a {@code _Server} database (before OVS 2.9) amounts to. */
    public static ServerStatus standalone(String name) {
        return new ServerStatus(name, "standalone", true, true, 0);
    }

    public boolean clustered() {
        return "clustered".equals(model);
    }

    /** Whether writes belong here when only the leader may take them. */
    public boolean acceptsLeaderOnlyWrites() {
        return !clustered() || (leader && connected);
    }
}
