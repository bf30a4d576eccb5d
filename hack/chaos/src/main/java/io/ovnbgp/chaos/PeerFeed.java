package io.ovnbgp.chaos;

import io.ovnbgp.chaos.RawPeer.End;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A peer that stays up while the bridge dies: it connects to the bridge (which is passive for it), sends its whole
 * table and End-of-RIB, keeps the session alive, and when the connection ends (the bridge was killed) connects
 * again until the bridge is back, then sends the whole table again, as a graceful-restart helper does for a
 * restarting speaker (RFC 4724 4.2). With {@code gracefulRestart} its OPEN carries the capability (restart time
 * 120 s, IPv4 unicast, forwarding state kept). Its own thread; {@link #replace} from another.
 */
final class PeerFeed implements AutoCloseable {
    private static final int KEEPALIVE_MS = 20_000;

    private final String localAddress;
    private final InetSocketAddress bridge;
    private final byte[] open;
    private final Thread thread;
    private final AtomicInteger sessions = new AtomicInteger();
    private volatile List<byte[]> table;
    private volatile RawPeer session;
    private volatile long establishedNanos;
    private volatile boolean stopped;

    PeerFeed(
            String localAddress,
            InetSocketAddress bridge,
            long as,
            int routerId,
            boolean gracefulRestart,
            List<byte[]> table) {
        this.localAddress = localAddress;
        this.bridge = bridge;
        this.open = open(as, routerId, gracefulRestart);
        this.table = table;
        this.thread = new Thread(this::run, "peer-feed");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Sessions established so far. */
    int sessions() {
        return sessions.get();
    }

    /** {@link System#nanoTime} the current session was established at (0 before the first). */
    long establishedNanos() {
        return establishedNanos;
    }

    /** Withdraws {@code withdrawals} and announces {@code updates} on the live session; the table is now those. */
    synchronized void replace(List<byte[]> withdrawals, List<byte[]> updates) throws IOException {
        this.table = updates;
        RawPeer s = session;
        if (s == null) {
            return; // the next session sends the new table
        }
        sendAll(s, withdrawals);
        sendAll(s, updates);
    }

    private void run() {
        while (!stopped) {
            try (RawPeer s = RawPeer.connect(localAddress, bridge)) {
                if (s.establish(open, 10_000) == null) {
                    serve(s);
                }
            } catch (IOException e) {
                // refused (the bridge is down or starting) or reset (it was killed): connect again
            } catch (InterruptedException e) {
                return;
            } finally {
                session = null;
            }
            pause(200);
        }
    }

    /** The whole table and End-of-RIB, then keepalives until the session ends. */
    private void serve(RawPeer s) throws IOException, InterruptedException {
        synchronized (this) {
            session = s;
            establishedNanos = System.nanoTime();
            sessions.incrementAndGet();
            sendAll(s, table);
            s.send(Wire.update(new byte[0], new byte[0], new byte[0])); // End-of-RIB, IPv4 unicast
        }
        Thread reader = new Thread(() -> drain(s), "peer-feed-reader");
        reader.setDaemon(true);
        reader.start();
        while (reader.isAlive() && !stopped) {
            reader.join(KEEPALIVE_MS);
            synchronized (this) {
                s.send(Wire.keepalive());
            }
        }
    }

    /** Reads what the bridge sends until the connection ends. */
    private static void drain(RawPeer s) {
        try {
            while (s.read(0) != End.CLOSED) {
                // keepalives and the bridge's own announcements: nothing to check here
            }
        } catch (IOException e) {
            // ended
        }
    }

    private static void sendAll(RawPeer s, List<byte[]> updates) throws IOException {
        for (int i = 0; i < updates.size(); i += 64) {
            s.send(Wire.concat(
                    updates.subList(i, Math.min(updates.size(), i + 64)).toArray(new byte[0][])));
        }
    }

    private static byte[] open(long as, int routerId, boolean gracefulRestart) {
        byte[] caps = gracefulRestart
                ? Wire.capabilityParams(
                        Wire.multiprotocolCap(1, 1),
                        Wire.routeRefreshCap(),
                        Wire.fourOctetAsCap(as),
                        // RFC 4724: restart flags 0 and time 120 s; IPv4 unicast with forwarding state kept
                        Wire.capability(64, new byte[] {0, 120, 0, 1, 1, (byte) 0x80}))
                : Wire.capabilityParams(Wire.multiprotocolCap(1, 1), Wire.routeRefreshCap(), Wire.fourOctetAsCap(as));
        return Wire.message(Wire.OPEN, Wire.openBody(4, (int) as, 180, routerId, caps));
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        stopped = true;
        RawPeer s = session;
        if (s != null) {
            s.close();
        }
        thread.interrupt();
        try {
            thread.join(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
