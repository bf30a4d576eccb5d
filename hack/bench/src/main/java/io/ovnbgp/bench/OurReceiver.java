package io.ovnbgp.bench;

import io.ovnbgp.bgp.fsm.PeerSession;
import io.ovnbgp.bgp.fsm.PeerSettings;
import io.ovnbgp.bgp.fsm.SessionEvent;
import io.ovnbgp.bgp.fsm.SessionListener;
import io.ovnbgp.bgp.policy.ReceivePolicy;
import io.ovnbgp.bgp.rib.PeerRibConfig;
import io.ovnbgp.bgp.rib.Rib;
import io.ovnbgp.bgp.rib.RibPeer;
import io.ovnbgp.bgp.rib.RibSettings;
import io.ovnbgp.bgp.transport.BgpSpeaker;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Our speaker and RIB as the benchmark's receiver, in a JVM of its own so that its memory is its own. Writes
 * its counts to a file every 50 ms; when a file named {@code gc} appears beside it, runs a full GC and writes
 * the retained heap per route.
 *
 * <p>Arguments: address port localAs peerAs peerAddress mode(all|none) reportFile
 */
public final class OurReceiver {
    private OurReceiver() {}

    public static void main(String[] args) throws Exception {
        InetAddress address = InetAddress.getByName(args[0]);
        int port = Integer.parseInt(args[1]);
        long localAs = Long.parseLong(args[2]);
        long peerAs = Long.parseLong(args[3]);
        InetAddress peer = InetAddress.getByName(args[4]);
        boolean all = "all".equals(args[5]);
        Path report = Path.of(args[6]);

        long baseline = usedHeapAfterGc();
        int routerId = 0x0A000002;
        Rib rib = new Rib(RibSettings.of(localAs, routerId));
        RibPeer ribPeer = rib.attach(
                "feed",
                PeerRibConfig.DEFAULT
                        .withReceive(all ? ReceivePolicy.ALL : ReceivePolicy.NONE)
                        .withMaxPrefixes(0, io.ovnbgp.bgp.rib.MaxPrefixAction.WARN, Duration.ZERO));
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
        SessionListener counting = (PeerSession s, SessionEvent e) -> {
            if (e instanceof SessionEvent.Routes r) {
                seen.addAndGet(r.update().allAnnounced().size());
            }
            ribPeer.onEvent(s, e);
        };
        BgpSpeaker speaker = BgpSpeaker.start(address, port);
        PeerSession session = speaker.addPeer(
                PeerSettings.basic("feed", peer, 179, localAs, peerAs, routerId)
                        .withPassive(true)
                        .withTimers(180, 60, Duration.ofSeconds(5)),
                counting);
        session.start();

        Path gc = report.resolveSibling("gc");
        String retained = "";
        while (true) {
            int count = rib.prefixCount().get();
            if (retained.isEmpty() && Files.exists(gc)) {
                long used = usedHeapAfterGc();
                retained = "retainedBytesPerRoute=" + (count == 0 ? 0 : (used - baseline) / count) + "\n"
                        + "retainedBytes=" + (used - baseline) + "\n";
            }
            Path tmp = report.resolveSibling("counts.tmp");
            Files.writeString(
                    tmp, "received=" + count + "\nseen=" + seen.get() + "\n" + retained, StandardCharsets.UTF_8);
            Files.move(tmp, report, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            Thread.sleep(50);
        }
    }

    private static long usedHeapAfterGc() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
