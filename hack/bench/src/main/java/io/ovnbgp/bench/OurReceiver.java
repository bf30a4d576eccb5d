package io.ovnbgp.bench;

import io.ovnbgp.bgp.fsm.PeerSession;
import io.ovnbgp.bgp.fsm.PeerSettings;
import io.ovnbgp.bgp.fsm.SessionEvent;
import io.ovnbgp.bgp.fsm.SessionListener;
import io.ovnbgp.bgp.policy.ReceivePolicy;
import io.ovnbgp.bgp.rib.PeerRibConfig;
import io.ovnbgp.bgp.rib.PeerRibStats;
import io.ovnbgp.bgp.rib.Rib;
import io.ovnbgp.bgp.rib.RibPeer;
import io.ovnbgp.bgp.rib.RibSettings;
import io.ovnbgp.bgp.transport.BgpSpeaker;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Our speaker and RIB as the benchmark's receiver, in a JVM of its own so that its memory is its own. Writes
 * its counts to a file every 50 ms; when a file named {@code gc} appears beside it, runs a full GC and writes
 * the retained heap per route.
 *
 * <p>Arguments: address port localAs peerAs peerAddresses(comma-separated: one session each) mode(all|none)
 * reportFile. The report: {@code received} prefixes in the RIB, {@code paths} accepted over all peers,
 * {@code seen} prefixes decoded, and the CPU time of each thread so far ({@code cpu.<thread>=ms}).
 */
public final class OurReceiver {
    private OurReceiver() {}

    public static void main(String[] args) throws Exception {
        InetAddress address = InetAddress.getByName(args[0]);
        int port = Integer.parseInt(args[1]);
        long localAs = Long.parseLong(args[2]);
        long peerAs = Long.parseLong(args[3]);
        String[] peers = args[4].split(",");
        boolean all = "all".equals(args[5]);
        Path report = Path.of(args[6]);

        long baseline = usedHeapAfterGc();
        int routerId = 0x0A000002;
        Rib rib = new Rib(RibSettings.of(localAs, routerId));
        PeerRibConfig config = PeerRibConfig.DEFAULT
                .withReceive(all ? ReceivePolicy.ALL : ReceivePolicy.NONE)
                .withMaxPrefixes(0, io.ovnbgp.bgp.rib.MaxPrefixAction.WARN, Duration.ZERO);
        // the OVN writer drains the change stream in the daemon; here a thread drains it and drops what it gets
        Thread drain = new Thread(
                () -> {
                    try {
                        while (true) {
                            rib.changes().drain(8192);
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                "change-stream-drain");
        drain.setDaemon(true);
        drain.start();
        AtomicLong seen = new AtomicLong();
        BgpSpeaker speaker = BgpSpeaker.start(address, port);
        for (int i = 0; i < peers.length; i++) {
            String name = "feed" + (i == 0 ? "" : Integer.toString(i + 1));
            RibPeer ribPeer = rib.attach(name, config);
            SessionListener counting = (PeerSession s, SessionEvent e) -> {
                if (e instanceof SessionEvent.Routes r) {
                    seen.addAndGet(r.update().allAnnounced().size());
                }
                ribPeer.onEvent(s, e);
            };
            PeerSession session = speaker.addPeer(
                    PeerSettings.basic(name, InetAddress.getByName(peers[i]), 179, localAs, peerAs, routerId)
                            .withPassive(true)
                            .withTimers(180, 60, Duration.ofSeconds(5)),
                    counting);
            session.start();
        }

        Path gc = report.resolveSibling("gc");
        String retained = "";
        while (true) {
            int count = rib.prefixCount().get();
            long paths = rib.stats().get().values().stream()
                    .mapToLong(PeerRibStats::accepted)
                    .sum();
            if (retained.isEmpty() && Files.exists(gc)) {
                long used = usedHeapAfterGc();
                retained = "retainedBytesPerRoute=" + (count == 0 ? 0 : (used - baseline) / count) + "\n"
                        + "retainedBytes=" + (used - baseline) + "\n";
            }
            Path tmp = report.resolveSibling("counts.tmp");
            Files.writeString(
                    tmp,
                    "received=" + count + "\npaths=" + paths + "\nseen=" + seen.get() + "\n" + retained + cpu(),
                    StandardCharsets.UTF_8);
            Files.move(tmp, report, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Thread.sleep(50);
        }
    }

    /** CPU time per live thread (threads of one pool summed under the pool's name), and GC pauses, in ms. */
    private static String cpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, Long> byName = new TreeMap<>();
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            long ns = t == null ? -1 : threads.getThreadCpuTime(t.getThreadId());
            if (ns > 0) {
                byName.merge(t.getThreadName().replaceAll("[-#]?\\d+$", ""), ns / 1_000_000, Long::sum);
            }
        }
        long gcMs = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            gcMs += gc.getCollectionTime();
        }
        StringBuilder sb = new StringBuilder("gcPauseMs=" + gcMs + "\n");
        byName.forEach((n, ms) -> sb.append("cpu.")
                .append(n.replace(' ', '_'))
                .append('=')
                .append(ms)
                .append('\n'));
        return sb.toString();
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
