package io.ovnbgp.e2e.bgp;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A BGP peer written by hand on a plain socket, independent of our codec: it writes whatever octets a test gives
 * it, and a reader thread cuts what comes back into messages by the header's Length field.
 */
final class RawBgpPeer implements AutoCloseable {
    static final int OPEN = 1;
    static final int UPDATE = 2;
    static final int NOTIFICATION = 3;
    static final int KEEPALIVE = 4;

    /** One received message, header included. */
    record Msg(byte[] bytes) {
        int type() {
            return bytes[18] & 0xff;
        }

        byte[] body() {
            return Arrays.copyOfRange(bytes, 19, bytes.length);
        }

        @Override
        public String toString() {
            return "type " + type() + " " + hex(bytes);
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final BlockingQueue<Msg> received = new LinkedBlockingQueue<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Thread reader;
    private ScheduledExecutorService keepalives;

    private RawBgpPeer(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        DataInputStream in = new DataInputStream(socket.getInputStream());
        reader = new Thread(
                () -> {
                    try {
                        while (true) {
                            byte[] header = new byte[19];
                            in.readFully(header);
                            int length = ((header[16] & 0xff) << 8) | (header[17] & 0xff);
                            byte[] msg = Arrays.copyOf(header, Math.max(19, length));
                            in.readFully(msg, 19, msg.length - 19);
                            received.add(new Msg(msg));
                        }
                    } catch (EOFException e) {
                        // the other side closed the connection
                    } catch (IOException e) {
                        // reset or closed by us
                    } finally {
                        closed.countDown();
                    }
                },
                "raw-bgp-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** Connects from {@code localAddress} (so that the speaker knows us by address) to {@code port} on 127.0.0.1. */
    static RawBgpPeer connect(String localAddress, String remoteAddress, int port) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.bind(new InetSocketAddress(localAddress, 0));
        s.connect(new InetSocketAddress(remoteAddress, port), 5000);
        return new RawBgpPeer(s);
    }

    synchronized void send(byte[] octets) throws IOException {
        out.write(octets);
        out.flush();
    }

    /** Sends a KEEPALIVE every {@code period} until closed, so that our hold timer never fires during a test. */
    void keepSessionAlive(Duration period) {
        keepalives = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "raw-bgp-keepalive");
            t.setDaemon(true);
            return t;
        });
        keepalives.scheduleAtFixedRate(
                () -> {
                    try {
                        send(keepalive());
                    } catch (IOException e) {
                        keepalives.shutdown();
                    }
                },
                period.toMillis(),
                period.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    void stopKeepalives() {
        if (keepalives != null) {
            keepalives.shutdownNow();
        }
    }

    /** The next message received within {@code timeout}, or null (at once when the connection is gone). */
    Msg next(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Msg m = received.poll(50, TimeUnit.MILLISECONDS);
            if (m != null) {
                return m;
            }
            if (closed.getCount() == 0) {
                return received.poll(); // whatever arrived just before the end, else null
            }
            if (System.nanoTime() > deadline) {
                return null;
            }
        }
    }

    /** The next message of {@code type}, skipping others (KEEPALIVEs mostly), or null after {@code timeout}. */
    Msg nextOfType(int type, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return null;
            }
            Msg m = next(Duration.ofNanos(left));
            if (m == null) {
                return null;
            }
            if (m.type() == type) {
                return m;
            }
        }
    }

    /** Every message received so far and not yet taken. */
    List<Msg> drain() {
        List<Msg> l = new ArrayList<>();
        received.drainTo(l);
        return l;
    }

    /** Whether the speaker closed the connection (our reader saw end of stream or a reset) within {@code timeout}. */
    boolean awaitClosedByPeer(Duration timeout) throws InterruptedException {
        return closed.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() throws IOException {
        stopKeepalives();
        socket.close();
    }

    // ------------------------------------------------------------------ message octets, by hand

    /** Marker, Length, Type, then {@code body}. */
    static byte[] message(int type, byte[] body) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int i = 0; i < 16; i++) {
            b.write(0xff);
        }
        int length = 19 + body.length;
        b.write(length >>> 8);
        b.write(length);
        b.write(type);
        b.writeBytes(body);
        return b.toByteArray();
    }

    static byte[] keepalive() {
        return message(KEEPALIVE, new byte[0]);
    }

    /**
     * OPEN, version 4, with capabilities IPv4 and IPv6 unicast (RFC 4760), route refresh (RFC 2918) and 4-octet AS
     * (RFC 6793), all in one Capabilities optional parameter.
     */
    static byte[] open(long as, int holdTime, int bgpId) {
        byte[] caps = bytes(
                1,
                4,
                0,
                1,
                0,
                1, // MP: AFI 1, SAFI 1
                1,
                4,
                0,
                2,
                0,
                1, // MP: AFI 2, SAFI 1
                2,
                0, // route refresh
                65,
                4,
                (int) (as >>> 24),
                (int) (as >>> 16),
                (int) (as >>> 8),
                (int) as);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(4);
        int as16 = as > 0xffff ? 23456 : (int) as;
        b.write(as16 >>> 8);
        b.write(as16);
        b.write(holdTime >>> 8);
        b.write(holdTime);
        b.write(bgpId >>> 24);
        b.write(bgpId >>> 16);
        b.write(bgpId >>> 8);
        b.write(bgpId);
        b.write(caps.length + 2); // Optional Parameters Length
        b.write(2); // parameter type: Capabilities
        b.write(caps.length);
        b.writeBytes(caps);
        return message(OPEN, b.toByteArray());
    }

    /** UPDATE from its three parts; the two length fields are computed unless given. */
    static byte[] update(byte[] withdrawn, byte[] attributes, byte[] nlri) {
        return update(withdrawn, withdrawn.length, attributes, attributes.length, nlri);
    }

    static byte[] update(byte[] withdrawn, int withdrawnLength, byte[] attributes, int attributesLength, byte[] nlri) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.write(withdrawnLength >>> 8);
        b.write(withdrawnLength);
        b.writeBytes(withdrawn);
        b.write(attributesLength >>> 8);
        b.write(attributesLength);
        b.writeBytes(attributes);
        b.writeBytes(nlri);
        return message(UPDATE, b.toByteArray());
    }

    /** Octets from ints (each taken modulo 256), for readable message literals. */
    static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            b.writeBytes(p);
        }
        return b.toByteArray();
    }

    static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x", x & 0xff));
        }
        return sb.toString();
    }
}
