package io.ovnbgp.e2e.bgp;

import io.ovnbgp.bgp.fsm.PeerSettings;
import io.ovnbgp.bgp.transport.BgpSpeaker;
import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.e2e.harness.FrrConfigs;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;

/**
 * Base of the bgp suites: our speakers, started on a loopback address with a kernel-chosen port and closed
 * after each test, and the short timers every session here uses (hold 9 s, keepalive 3 s, connect retry 1 s).
 */
abstract class OurSpeakers {
    /** Our speaker's address; the daemons each have their own (FIELD-NOTES: peers told apart by address). */
    static final String US = "127.0.0.1";

    static final long OUR_AS = 64512;
    static final String OUR_ID = "10.0.0.1";
    static final Duration SESSION_UP = Duration.ofSeconds(30);
    static final Duration ROUTES = Duration.ofSeconds(20);
    static final Duration POLL = Duration.ofMillis(200);

    private final List<BgpSpeaker> speakers = new ArrayList<>();

    /** FRR's configuration for peering with us ({@link FrrConfigs#interop}); {@code ourPort} 0 makes FRR passive. */
    static String frrConfig(int ourPort, String extraRouter) {
        return FrrConfigs.interop(US, OUR_AS, ourPort, extraRouter);
    }

    @AfterEach
    void closeOurSpeakers() {
        // reverse order; a failing close must not keep the others open
        for (int i = speakers.size() - 1; i >= 0; i--) {
            try {
                speakers.get(i).close();
            } catch (RuntimeException e) {
                System.err.println("closing speaker: " + e);
            }
        }
        speakers.clear();
    }

    BgpSpeaker speaker() throws InterruptedException {
        BgpSpeaker s = BgpSpeaker.startListeningOnAnyPort(addr(US));
        speakers.add(s);
        return s;
    }

    /** A peer of ours with this suite's timers, IPv4 and IPv6 unicast, sourcing from {@link #US}. */
    static PeerSettings peer(String name, String remote, int port, long remoteAs) {
        return new PeerSettings(
                name,
                addr(remote),
                port,
                addr(US),
                OUR_AS,
                remoteAs,
                id(OUR_ID),
                9,
                3,
                Duration.ofSeconds(1),
                false,
                null,
                1,
                false,
                Set.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST),
                null);
    }

    static InetAddress addr(String a) {
        try {
            return InetAddress.getByName(a);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(a, e);
        }
    }

    static int id(String dotted) {
        byte[] b = addr(dotted).getAddress();
        return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    }
}
