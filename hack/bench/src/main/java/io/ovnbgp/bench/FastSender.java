package io.ovnbgp.bench;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.Capability;
import io.ovnbgp.bgp.wire.CodecContext;
import io.ovnbgp.bgp.wire.KeepaliveMessage;
import io.ovnbgp.bgp.wire.MessageCodec;
import io.ovnbgp.bgp.wire.OpenMessage;
import io.ovnbgp.bgp.wire.UpdateMessage;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.Set;

/**
 * The feeding peer: a blocking BGP speaker just smart enough to bring a session up (OPEN with 4-octet AS and
 * IPv4 unicast, KEEPALIVE) and then write pre-encoded UPDATEs as fast as TCP takes them. A reader thread
 * discards what the receiver sends and answers nothing; a keepalive thread keeps the session alive while the
 * receiver digests. Runs in the benchmark's JVM, never in the receiver's.
 */
public final class FastSender implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final Thread reader;
    private final Thread keepalives;
    private volatile boolean closed;
    private volatile long firstByteNanos;
    private volatile long lastByteNanos;

    private FastSender(Socket socket) throws IOException {
        this.socket = socket;
        this.out = new BufferedOutputStream(socket.getOutputStream(), 1 << 20);
        this.reader = new Thread(this::drain, "sender-reader");
        this.keepalives = new Thread(this::keepalive, "sender-keepalive");
    }

    /** Connects from {@code local} to {@code remote} and completes the OPEN exchange. */
    public static FastSender connect(InetSocketAddress local, InetSocketAddress remote, long as, int routerId)
            throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.setSendBufferSize(4 << 20);
        s.bind(local);
        s.connect(remote, 10_000);
        FastSender f = new FastSender(s);
        f.write(OpenMessage.of(
                as,
                180,
                routerId,
                List.of(
                        new Capability.Multiprotocol(AfiSafi.IPV4_UNICAST),
                        new Capability.RouteRefresh(),
                        new Capability.FourOctetAs(as))));
        DataInputStream in = new DataInputStream(s.getInputStream());
        s.setSoTimeout(30_000);
        // the peer's OPEN, then its KEEPALIVE; whatever else comes first is read past
        boolean open = false;
        boolean keepalive = false;
        while (!(open && keepalive)) {
            int type = readMessageType(in);
            if (type == 1) {
                open = true;
                f.write(KeepaliveMessage.INSTANCE);
            } else if (type == 4) {
                keepalive = true;
            } else if (type == 3) {
                throw new IOException("receiver sent a NOTIFICATION during the OPEN exchange");
            }
        }
        s.setSoTimeout(0);
        f.reader.setDaemon(true);
        f.reader.start();
        f.keepalives.setDaemon(true);
        f.keepalives.start();
        return f;
    }

    private static int readMessageType(DataInputStream in) throws IOException {
        byte[] header = new byte[19];
        in.readFully(header);
        int len = ((header[16] & 0xff) << 8) | (header[17] & 0xff);
        in.readFully(new byte[len - 19]);
        return header[18] & 0xff;
    }

    private synchronized void write(io.ovnbgp.bgp.wire.BgpMessage m) throws IOException {
        ByteBuf b = Unpooled.buffer();
        MessageCodec.encode(m, new CodecContext(true, false, Set.of(AfiSafi.IPV4_UNICAST)), b);
        byte[] bytes = new byte[b.readableBytes()];
        b.readBytes(bytes);
        b.release();
        out.write(bytes);
        out.flush();
    }

    /** Writes every UPDATE, then End-of-RIB; returns the bytes per second TCP accepted them at. */
    public double send(List<byte[]> updates) throws IOException {
        double rate = sendOnly(updates);
        write(UpdateMessage.endOfRibMarker(AfiSafi.IPV4_UNICAST));
        return rate;
    }

    /** Writes every UPDATE (no End-of-RIB after them); {@link #firstByteNanos} is this call's first byte. */
    public double sendOnly(List<byte[]> updates) throws IOException {
        long bytes = 0;
        synchronized (this) {
            firstByteNanos = System.nanoTime();
            for (byte[] u : updates) {
                out.write(u);
                bytes += u.length;
            }
            out.flush();
            lastByteNanos = System.nanoTime();
        }
        return bytes / ((lastByteNanos - firstByteNanos) / 1e9);
    }

    public long firstByteNanos() {
        return firstByteNanos;
    }

    public long lastByteNanos() {
        return lastByteNanos;
    }

    private void drain() {
        byte[] sink = new byte[65536];
        try (InputStream in = socket.getInputStream()) {
            while (!closed && in.read(sink) >= 0) {
                // the receiver's KEEPALIVEs; nothing to do with them
            }
        } catch (IOException e) {
            // closed
        }
    }

    private void keepalive() {
        while (!closed) {
            try {
                Thread.sleep(20_000);
                write(KeepaliveMessage.INSTANCE);
            } catch (InterruptedException | IOException e) {
                return;
            }
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        keepalives.interrupt();
        socket.close();
    }
}
