package io.ovnbgp.bgp.fsm;

import io.ovnbgp.bgp.wire.PathAttributes;
import io.ovnbgp.bgp.wire.Prefix;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** What the tests that run our own speakers against each other on loopback addresses share. */
public final class LoopbackPeers {
    private LoopbackPeers() {}

    /** A dotted IPv4 address as the 32-bit BGP Identifier. */
    public static int id(String dotted) {
        try {
            byte[] b = InetAddress.getByName(dotted).getAddress();
            return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(dotted, e);
        }
    }

    /** A peer with short timers (hold 9 s, keepalive 3 s, connect retry 1 s), sourcing from {@code local}. */
    public static PeerSettings peer(
            String name, String remote, int port, long localAs, long remoteAs, String routerId, String local)
            throws UnknownHostException {
        return PeerSettings.basic(name, InetAddress.getByName(remote), port, localAs, remoteAs, id(routerId))
                .withLocalAddress(InetAddress.getByName(local))
                .withTimers(9, 3, Duration.ofSeconds(1));
    }

    /** Records a session's events, in order, for assertions from the test thread. */
    public static final class Recorder implements SessionListener {
        public final List<SessionEvent> events = new CopyOnWriteArrayList<>();

        @Override
        public void onEvent(PeerSession peer, SessionEvent event) {
            events.add(event);
        }

        public <E extends SessionEvent> List<E> of(Class<E> kind) {
            return events.stream().filter(kind::isInstance).map(kind::cast).toList();
        }

        /** Every prefix announced so far, in arrival order. */
        public List<Prefix> announced() {
            List<Prefix> out = new ArrayList<>();
            for (SessionEvent.Routes r : of(SessionEvent.Routes.class)) {
                out.addAll(r.update().allAnnounced());
            }
            return out;
        }

        /** The attributes the prefix was first announced with, or null. */
        public PathAttributes attributesOf(Prefix p) {
            for (SessionEvent.Routes r : of(SessionEvent.Routes.class)) {
                if (r.update().allAnnounced().contains(p)) {
                    return r.update().attributes();
                }
            }
            return null;
        }
    }
}
