package io.ovnbgp.chaos;

import io.ovnbgp.chaos.RawPeer.End;
import io.ovnbgp.chaos.RawPeer.Frame;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One BGP peer ({@link RawPeer}) that keeps changing its routes, so that NB faults land while the bridge is
 * writing: a bulk announcement of {@code routes} /24s of 10.0.0.0/8, then, while running, batches of random
 * withdrawals, re-announcements and next-hop changes among three next hops. It keeps the model of what it has
 * said: what the bridge's Loc-RIB, and then NB, must hold once it pauses. A reader thread watches the session: NB
 * faults must never touch it.
 */
final class RouteChurn implements AutoCloseable {
    static final String[] NEXT_HOPS = {"203.0.113.1", "203.0.113.2", "203.0.113.3"};
    private static final int[] NEXT_HOP_ADDRESSES = {0xCB007101, 0xCB007102, 0xCB007103};
    private static final long KEEPALIVE_NANOS = 5_000_000_000L;

    private final RawPeer peer;
    private final long peerAs;
    private final int routes;
    private final int batch;
    private final long periodMs;
    private final Random random;
    /** prefix index to next-hop index; absent: withdrawn. Guarded by {@code this}. */
    private final Map<Integer, Integer> model = new HashMap<>();

    private final AtomicReference<Object> sessionEnd = new AtomicReference<>();
    private final AtomicLong changes = new AtomicLong();
    private volatile boolean running;
    private volatile boolean closed;
    private long lastSentNanos = System.nanoTime();
    private Thread driver;

    private RouteChurn(RawPeer peer, long peerAs, int routes, int batch, long periodMs, long seed) {
        this.peer = peer;
        this.peerAs = peerAs;
        this.routes = routes;
        this.batch = batch;
        this.periodMs = periodMs;
        this.random = new Random(seed);
    }

    /** Opens the session from {@code localAddress}, announces every route, and starts the (paused) driver. */
    static RouteChurn start(
            String localAddress, InetSocketAddress bridge, long peerAs, int routes, int batch, long periodMs, long seed)
            throws IOException {
        if (routes > 65_536) {
            throw new IllegalArgumentException("at most 65,536 /24s of 10.0.0.0/8");
        }
        RawPeer peer = RawPeer.connect(localAddress, bridge);
        Object up = peer.establish(Wire.goodOpen(peerAs, 0x0A000000 | (int) (seed & 0xFFFF), 180), 30_000);
        if (up != null) {
            peer.close();
            throw new IOException("no session with the bridge: " + up);
        }
        RouteChurn c = new RouteChurn(peer, peerAs, routes, batch, periodMs, seed);
        c.startReader();
        Map<Integer, Integer> all = new HashMap<>();
        for (int i = 0; i < routes; i++) {
            all.put(i, 0);
        }
        c.apply(all, List.of());
        c.driver = new Thread(c::drive, "nb-faults-churn");
        c.driver.setDaemon(true);
        c.driver.start();
        return c;
    }

    /** Starts (or resumes) the random changes. */
    void resume() {
        running = true;
    }

    /** Stops the changes; when it returns, no batch is half sent and {@link #model()} is final until resumed. */
    void pause() {
        // the driver sends under this lock and checks the flag under it: taking it waits for a batch in flight
        synchronized (this) {
            running = false;
        }
    }

    /**
     * A bulk change now: every route announced again on the next of the three next hops (withdrawn ones come
     * back), so that the bridge has one change per route to write.
     */
    synchronized void moveAll() throws IOException {
        Map<Integer, Integer> all = new HashMap<>();
        for (int i = 0; i < routes; i++) {
            Integer nh = model.get(i);
            all.put(i, nh == null ? 0 : (nh + 1) % NEXT_HOPS.length);
        }
        apply(all, List.of());
    }

    /** prefix ("10.x.y.0/24") to next hop, as the peer last said it. */
    synchronized Map<String, String> model() {
        Map<String, String> m = new HashMap<>();
        model.forEach((i, nh) -> m.put(prefix(i), NEXT_HOPS[nh]));
        return m;
    }

    long changes() {
        return changes.get();
    }

    /** null while the session is up; else what ended it (a NOTIFICATION, the close, a send error). */
    Object sessionEnd() {
        return sessionEnd.get();
    }

    static String prefix(int i) {
        return "10." + (i >>> 8) + "." + (i & 0xff) + ".0/24";
    }

    private void drive() {
        while (!closed) {
            try {
                if (running) {
                    step();
                } else if (System.nanoTime() - lastSentNanos > KEEPALIVE_NANOS) {
                    synchronized (this) {
                        send(Wire.keepalive());
                    }
                }
                Thread.sleep(periodMs);
            } catch (IOException e) {
                sessionEnd.compareAndSet(null, "send failed: " + e.getMessage());
                return;
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    /** One batch of random changes: withdraw a present route, announce an absent one, move one to another hop. */
    private synchronized void step() throws IOException {
        if (!running) {
            return;
        }
        Map<Integer, Integer> announce = new HashMap<>();
        List<Integer> withdraw = new ArrayList<>();
        for (int k = 0; k < batch; k++) {
            int i = random.nextInt(routes);
            if (announce.containsKey(i) || withdraw.contains(i)) {
                continue;
            }
            Integer nh = model.get(i);
            if (nh == null) {
                announce.put(i, random.nextInt(NEXT_HOPS.length));
            } else if (random.nextBoolean()) {
                withdraw.add(i);
            } else {
                announce.put(i, (nh + 1 + random.nextInt(NEXT_HOPS.length - 1)) % NEXT_HOPS.length);
            }
        }
        apply(announce, withdraw);
    }

    /** Sends the withdrawals and the announcements (one UPDATE per next hop, NLRI packed up to 4096 octets). */
    private synchronized void apply(Map<Integer, Integer> announce, List<Integer> withdraw) throws IOException {
        List<byte[]> out = new ArrayList<>();
        Wire.Bytes w = new Wire.Bytes();
        int wLen = 0;
        for (int i : withdraw) {
            byte[] p = Wire.prefix(0x0A000000 | (i << 8), 24);
            if (wLen + p.length > 4000) {
                out.add(Wire.update(w.toArray(), new byte[0], new byte[0]));
                w = new Wire.Bytes();
                wLen = 0;
            }
            w.raw(p);
            wLen += p.length;
        }
        if (wLen > 0) {
            out.add(Wire.update(w.toArray(), new byte[0], new byte[0]));
        }
        for (int nh = 0; nh < NEXT_HOPS.length; nh++) {
            byte[] attrs = Wire.concat(Wire.origin(0), Wire.asPath(peerAs), Wire.nextHop(NEXT_HOP_ADDRESSES[nh]));
            Wire.Bytes n = new Wire.Bytes();
            int nLen = 0;
            for (Map.Entry<Integer, Integer> e : announce.entrySet()) {
                if (e.getValue() != nh) {
                    continue;
                }
                byte[] p = Wire.prefix(0x0A000000 | (e.getKey() << 8), 24);
                if (nLen + p.length > 4000) {
                    out.add(Wire.update(new byte[0], attrs, n.toArray()));
                    n = new Wire.Bytes();
                    nLen = 0;
                }
                n.raw(p);
                nLen += p.length;
            }
            if (nLen > 0) {
                out.add(Wire.update(new byte[0], attrs, n.toArray()));
            }
        }
        send(Wire.concat(out.toArray(new byte[0][])));
        withdraw.forEach(model::remove);
        model.putAll(announce);
        changes.addAndGet(withdraw.size() + announce.size());
    }

    private void send(byte[] bytes) throws IOException {
        peer.send(bytes);
        lastSentNanos = System.nanoTime();
    }

    private void startReader() {
        Thread reader = new Thread(
                () -> {
                    try {
                        while (!closed) {
                            Object r = peer.read(0);
                            if (r instanceof Frame f && f.isNotification() || r == End.CLOSED) {
                                if (!closed) {
                                    sessionEnd.compareAndSet(null, r);
                                }
                                return;
                            }
                        }
                    } catch (IOException e) {
                        if (!closed) {
                            sessionEnd.compareAndSet(null, End.CLOSED);
                        }
                    }
                },
                "nb-faults-peer-reader");
        reader.setDaemon(true);
        reader.start();
    }

    @Override
    public void close() {
        closed = true;
        running = false;
        if (driver != null) {
            driver.interrupt();
        }
        peer.close();
    }
}
