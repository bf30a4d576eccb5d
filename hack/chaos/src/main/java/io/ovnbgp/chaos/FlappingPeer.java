package io.ovnbgp.chaos;

import io.ovnbgp.chaos.RawPeer.End;
import io.ovnbgp.chaos.RawPeer.Frame;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;

/**
 * The flapping side of {@link Flaps}: one peer address that brings its session up in a {@link FlapMode} (Graceful
 * Restart in its OPEN or not) and tears it down the mode's way. Between two sessions the bridge refuses the
 * connection for its Idle hold (RFC 4271 §8.1.1; 1 s after an Established session): the peer tries again every
 * {@link #RETRY_MS} until it is let in.
 */
final class FlappingPeer {
    private static final long RETRY_MS = 100;
    private static final int READ_TIMEOUT_MS = 30_000;
    /**
     * Our hold time: longer than a convergence check waits ({@link Flaps}: 3 minutes), since the peer sends no
     * KEEPALIVE meanwhile.
     */
    private static final int HOLD_SECONDS = 240;

    private final String address;
    private final InetSocketAddress bridge;
    private final long as;
    private final int id;
    private final long patienceNanos;

    FlappingPeer(String address, InetSocketAddress bridge, long as, int id, Duration patience) {
        this.address = address;
        this.bridge = bridge;
        this.as = as;
        this.id = id;
        this.patienceNanos = patience.toNanos();
    }

    /** An Established session in {@code mode}; throws when the bridge has not let us in within the patience. */
    RawPeer establish(FlapMode mode) throws IOException, InterruptedException {
        long end = System.nanoTime() + patienceNanos;
        Object last = null;
        while (System.nanoTime() < end) {
            RawPeer p = null;
            try {
                p = RawPeer.connect(address, bridge);
                last = p.establish(FlapTable.open(mode, as, id, HOLD_SECONDS), READ_TIMEOUT_MS);
                if (last == null) {
                    return p;
                }
            } catch (IOException e) {
                last = e; // refused in the Idle hold: the bridge closed while we wrote our OPEN
            }
            if (p != null) {
                p.close();
            }
            Thread.sleep(RETRY_MS);
        }
        throw new IOException(
                "no session from " + address + " within " + patienceNanos / 1_000_000_000 + " s: " + last);
    }

    /**
     * Ends the session the mode's way. For a NOTIFICATION: sends Cease / Administrative Reset, closes our side and
     * expects the bridge to close the connection without a NOTIFICATION in answer (RFC 4271 §6.4, 8.2.2); returns
     * null when it did so, otherwise what came instead. A plain close has nothing to expect: null.
     */
    Object tearDown(RawPeer peer, FlapMode mode) throws IOException {
        try (peer) {
            if (!mode.notification) {
                return null;
            }
            peer.send(Wire.notification(6, 4));
            peer.shutdownOutput();
            Object got = peer.readUntilNotificationOrEnd(READ_TIMEOUT_MS);
            return got == End.CLOSED ? null : describe(got);
        }
    }

    private static String describe(Object got) {
        return got instanceof Frame f ? "answered with " + f : "not closed: " + got;
    }
}
