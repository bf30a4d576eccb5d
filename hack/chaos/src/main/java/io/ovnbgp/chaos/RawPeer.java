package io.ovnbgp.chaos;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/**
 * One TCP connection to the bridge, written and read as raw octets: the fuzzer's side of a session. Blocking; one
 * thread owns it.
 */
final class RawPeer implements AutoCloseable {
    /** One message as read: its type, and for a NOTIFICATION its code and subcode. */
    record Frame(int type, int code, int subcode, int length) {
        boolean isNotification() {
            return type == Wire.NOTIFICATION;
        }

        @Override
        public String toString() {
            return isNotification() ? "NOTIFICATION " + code + "/" + subcode : "type " + type + " (" + length + " B)";
        }
    }

    /** What reading gave instead of a message. */
    enum End {
        CLOSED,
        TIMEOUT
    }

    private final Socket socket;
    private final DataInputStream in;
    private final OutputStream out;

    private RawPeer(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new DataInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    static RawPeer connect(String localAddress, InetSocketAddress bridge) throws IOException {
        Socket s = new Socket();
        s.setReuseAddress(true);
        s.setTcpNoDelay(true);
        s.bind(new InetSocketAddress(localAddress, 0));
        s.connect(bridge, 5_000);
        return new RawPeer(s);
    }

    void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Closes our sending side only: the bridge sees end of stream, we can still read its answer. */
    void shutdownOutput() throws IOException {
        socket.shutdownOutput();
    }

    /** The next message, or {@link End} when the connection closed or nothing came within {@code timeoutMs}. */
    Object read(int timeoutMs) throws IOException {
        socket.setSoTimeout(timeoutMs);
        byte[] header = new byte[19];
        try {
            in.readFully(header);
            int length = ((header[16] & 0xff) << 8) | (header[17] & 0xff);
            int type = header[18] & 0xff;
            byte[] body = new byte[Math.max(0, length - 19)];
            in.readFully(body);
            if (type == Wire.NOTIFICATION && body.length >= 2) {
                return new Frame(type, body[0] & 0xff, body[1] & 0xff, length);
            }
            return new Frame(type, -1, -1, length);
        } catch (SocketTimeoutException e) {
            return End.TIMEOUT;
        } catch (EOFException | SocketException e) {
            return End.CLOSED;
        }
    }

    /**
     * Reads past OPEN and KEEPALIVE messages until a NOTIFICATION, the close, or the timeout; returns which, with
     * whether a KEEPALIVE came first (the bridge accepted our OPEN).
     */
    Object readUntilNotificationOrEnd(int timeoutMs) throws IOException {
        long deadline = System.nanoTime() + timeoutMs * 1_000_000L;
        while (true) {
            int left = (int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
            Object r = read(left);
            if (r instanceof Frame f && !f.isNotification()) {
                if (System.nanoTime() > deadline) {
                    return End.TIMEOUT;
                }
                continue;
            }
            return r;
        }
    }

    /**
     * Sends our OPEN and a KEEPALIVE and waits for the bridge's OPEN and KEEPALIVE: Established. Returns null, or
     * what came instead (a refused connection closes at once: the peer is in its Idle hold).
     */
    Object establish(byte[] open, int timeoutMs) throws IOException {
        send(Wire.concat(open, Wire.keepalive()));
        boolean sawOpen = false;
        while (true) {
            Object r = read(timeoutMs);
            if (!(r instanceof Frame f)) {
                return r;
            }
            if (f.type() == Wire.OPEN) {
                sawOpen = true;
            } else if (f.type() == Wire.KEEPALIVE && sawOpen) {
                return null;
            } else if (f.isNotification()) {
                return f;
            }
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
