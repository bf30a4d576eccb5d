package io.ovnbgp.bgp.fsm;

import io.ovnbgp.bgp.transport.BgpSpeaker;
import java.net.InetAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;

/** Base of tests that run our speakers on loopback addresses: each is closed after the test. */
abstract class LoopbackSpeakerTest {
    private final List<BgpSpeaker> open = new CopyOnWriteArrayList<>();

    @AfterEach
    void closeSpeakers() {
        open.forEach(BgpSpeaker::close);
    }

    /** A speaker listening on a kernel-chosen port of {@code address}. */
    BgpSpeaker speaker(String address) throws Exception {
        BgpSpeaker s = BgpSpeaker.startListeningOnAnyPort(InetAddress.getByName(address));
        open.add(s);
        return s;
    }
}
