package io.ovnbgp.e2e.harness;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the packets of one established TCP connection on this host by their IP TTL, with two iptables rules in a
 * chain of its own that OUTPUT jumps to for that connection alone (its four-tuple, so that other tests using the
 * same addresses in parallel do not count). The rules have no target: they count and let the packet go on. ss
 * cannot show a socket's TTL, so the packets are the evidence. Closing removes the jump and the chain.
 */
public final class TtlCounter implements AutoCloseable {
    private static final AtomicInteger SEQ = new AtomicInteger();

    private final String chain;
    private final List<String> jump;

    private TtlCounter(String chain, List<String> jump) {
        this.chain = chain;
        this.jump = jump;
    }

    /**
     * Starts counting the packets this host sends on the established TCP connection from {@code src} to {@code dst}
     * whose local port is {@code srcPort}, or whose remote port is {@code dstPort} (the other one 0), as ss finds it.
     */
    public static TtlCounter ofEstablished(String src, int srcPort, String dst, int dstPort, int ttl) {
        String[] ends = established(src, srcPort, dst, dstPort);
        String chain = "ovnbgp-ttl-" + ProcessHandle.current().pid() % 100000 + "-" + SEQ.incrementAndGet();
        iptables("-N", chain);
        iptables("-A", chain, "-m", "ttl", "--ttl-eq", Integer.toString(ttl));
        iptables("-A", chain, "-m", "ttl", "!", "--ttl-eq", Integer.toString(ttl));
        List<String> jump = List.of(
                "OUTPUT",
                "-p",
                "tcp",
                "-s",
                src,
                "--sport",
                port(ends[0]),
                "-d",
                dst,
                "--dport",
                port(ends[1]),
                "-j",
                chain);
        List<String> insert = new ArrayList<>(List.of("-I"));
        insert.addAll(jump);
        iptables(insert.toArray(String[]::new));
        return new TtlCounter(chain, jump);
    }

    /** Packets sent with the TTL given at the start. */
    public long withTtl() {
        return counts()[0];
    }

    /** Packets sent with any other TTL. */
    public long otherTtl() {
        return counts()[1];
    }

    private long[] counts() {
        String out = Command.run(List.of("iptables", "-w", "-L", chain, "-n", "-v", "-x"))
                .orThrow()
                .stdout();
        long[] counts = new long[2];
        int i = 0;
        for (String line : out.split("\n")) {
            String t = line.trim();
            if (!t.isEmpty() && Character.isDigit(t.charAt(0)) && i < 2) {
                counts[i++] = Long.parseLong(t.split("\\s+")[0]);
            }
        }
        if (i != 2) {
            throw new IllegalStateException("iptables printed no counters for " + chain + ": " + out);
        }
        return counts;
    }

    /** The local and remote {@code address:port} of the one connection ss lists for the filter. */
    private static String[] established(String src, int srcPort, String dst, int dstPort) {
        String filter = "src " + src + (srcPort == 0 ? "" : ":" + srcPort) + " and dst " + dst
                + (dstPort == 0 ? "" : ":" + dstPort);
        String out = Command.run(List.of("ss", "-Htn", "state", "established", filter))
                .orThrow()
                .stdout()
                .trim();
        String[] lines = out.split("\n");
        if (out.isEmpty() || lines.length != 1) {
            throw new IllegalStateException("not one established connection for '" + filter + "': " + out);
        }
        // Recv-Q Send-Q Local Peer (state is left out when one is asked for)
        String[] f = lines[0].trim().split("\\s+");
        return new String[] {f[f.length - 2], f[f.length - 1]};
    }

    private static String port(String addressAndPort) {
        return addressAndPort.substring(addressAndPort.lastIndexOf(':') + 1);
    }

    private static void iptables(String... args) {
        List<String> argv = new ArrayList<>(List.of("iptables", "-w"));
        argv.addAll(List.of(args));
        Command.run(argv).orThrow();
    }

    @Override
    public void close() {
        List<String> delete = new ArrayList<>(List.of("iptables", "-w", "-D"));
        delete.addAll(jump);
        Command.run(delete);
        Command.run(List.of("iptables", "-w", "-F", chain));
        Command.run(List.of("iptables", "-w", "-X", chain));
    }
}
