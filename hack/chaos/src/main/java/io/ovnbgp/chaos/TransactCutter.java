package io.ovnbgp.chaos;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP relay between the bridge and ovsdb-server that reads the bridge's side as JSON-RPC messages and, once
 * armed, cuts the connection right after a {@code transact} with more than {@value #MIN_INSERTS} inserts, before
 * the reply: the commit's outcome is unknown to the bridge. Two ways:
 *
 * <ul>
 *   <li>{@link Mode#CUT}: the request reaches the server, then both sides are closed (the server commits it and
 *       its reply is lost);
 *   <li>{@link Mode#LATE}: the request is held, the bridge's side closed at once, and the request delivered on the
 *       old server connection only after a delay, when the bridge may already have reconnected, resynchronized
 *       and written the same rows again: the late commit races the bridge's new one.
 * </ul>
 *
 * A thread per direction and connection.
 */
final class TransactCutter implements AutoCloseable {
    static final int MIN_INSERTS = 64;
    private static final Pattern TRANSACT = Pattern.compile("\"method\"\\s*:\\s*\"transact\"");
    private static final Pattern INSERT = Pattern.compile("\"op\"\\s*:\\s*\"insert\"");
    private static final Pattern ROUTE_TABLE = Pattern.compile("\"Logical_Router_Static_Route\"");

    enum Mode {
        CUT,
        LATE
    }

    /** What one armed cut did: the transaction's inserts, and for LATE what the server answered the late request. */
    record Cut(Mode mode, int inserts, long cutNanos, String lateAnswer) {}

    private record Armed(Mode mode, long lateDelayMs) {}

    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final AtomicReference<Armed> armed = new AtomicReference<>();
    private final AtomicReference<Cut> fired = new AtomicReference<>();
    private volatile boolean closed;

    private TransactCutter(int upstreamPort) throws IOException {
        this.server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        this.upstream = new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort);
    }

    static TransactCutter start(int upstreamPort) throws IOException {
        TransactCutter r = new TransactCutter(upstreamPort);
        RelaySockets.acceptPairs(r.server, r.upstream, () -> r.closed, "cutter", r::relay);
        return r;
    }

    String remote() {
        return "tcp:127.0.0.1:" + server.getLocalPort();
    }

    /** Cuts at the next big transaction; {@code lateDelayMs} for {@link Mode#LATE}. */
    void arm(Mode mode, long lateDelayMs) {
        fired.set(null);
        armed.set(new Armed(mode, lateDelayMs));
    }

    void disarm() {
        armed.set(null);
    }

    /** The last armed cut once it is complete (for LATE: the held request delivered and answered), else null. */
    Cut fired() {
        return fired.get();
    }

    private void relay(Socket client, Socket up) {
        open.add(client);
        open.add(up);
        Connection c = new Connection(client, up);
        RelaySockets.daemon(c::toClient, "cutter-to-client");
        RelaySockets.daemon(c::toServer, "cutter-to-server");
    }

    /** One bridge connection: its two sockets and whether it was cut (nothing more reaches the bridge then). */
    private final class Connection {
        private final Socket client;
        private final Socket up;
        private final StringBuilder afterCut = new StringBuilder();
        private volatile boolean cut;

        Connection(Socket client, Socket up) {
            this.client = client;
            this.up = up;
        }

        void toClient() {
            byte[] buf = new byte[64 * 1024];
            try {
                InputStream in = up.getInputStream();
                OutputStream out = client.getOutputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    synchronized (this) {
                        if (cut) {
                            // kept, not relayed: the answer to a late request is read from here
                            afterCut.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                        } else {
                            out.write(buf, 0, n);
                        }
                    }
                }
            } catch (IOException e) {
                // cut or closed by either end
            } finally {
                if (!cut) {
                    closeBoth();
                }
            }
        }

        /** What the server sent on this connection since the cut. */
        synchronized String afterCut() {
            return afterCut.toString();
        }

        void toServer() {
            JsonFramer framer = new JsonFramer();
            byte[] buf = new byte[64 * 1024];
            try {
                InputStream in = client.getInputStream();
                OutputStream out = up.getOutputStream();
                int n;
                while ((n = in.read(buf)) >= 0) {
                    for (byte[] message : framer.feed(buf, n)) {
                        if (!forward(message, out)) {
                            return;
                        }
                    }
                }
            } catch (IOException e) {
                // closed by either end
            } finally {
                if (!cut) {
                    closeBoth();
                }
            }
        }

        /** Forwards one message, or cuts at it; false once cut. */
        private boolean forward(byte[] message, OutputStream out) throws IOException {
            Armed a = armed.get();
            int inserts = a == null ? 0 : bigTransact(message);
            if (inserts == 0 || !armed.compareAndSet(a, null)) {
                out.write(message);
                return true;
            }
            long at = System.nanoTime();
            if (a.mode() == Mode.CUT) {
                out.write(message);
                out.flush();
                cutClient();
                // the server reads the request before it sees the connection end: it commits, the reply is lost
                sleep(200);
                RelaySockets.closeQuietly(up);
                open.remove(up);
                fired.set(new Cut(Mode.CUT, inserts, at, ""));
            } else {
                cutClient();
                sleep(a.lateDelayMs());
                out.write(message);
                out.flush();
                String answer = readAnswer(this);
                RelaySockets.closeQuietly(up);
                open.remove(up);
                fired.set(new Cut(Mode.LATE, inserts, at, answer));
            }
            return false;
        }

        private void cutClient() {
            synchronized (this) {
                cut = true;
                RelaySockets.closeQuietly(client);
                open.remove(client);
            }
        }

        private void closeBoth() {
            RelaySockets.closeQuietly(client);
            RelaySockets.closeQuietly(up);
            open.remove(client);
            open.remove(up);
        }
    }

    /** The number of static-route inserts of a {@code transact} request beyond the threshold, else 0. */
    static int bigTransact(byte[] message) {
        String head = new String(message, 0, Math.min(message.length, 256), StandardCharsets.UTF_8);
        if (!TRANSACT.matcher(head).find()) {
            return 0;
        }
        String text = new String(message, StandardCharsets.UTF_8);
        if (!ROUTE_TABLE.matcher(text).find()) {
            return 0;
        }
        int n = 0;
        Matcher m = INSERT.matcher(text);
        while (m.find()) {
            n++;
        }
        return n > MIN_INSERTS ? n : 0;
    }

    /**
     * What the server answers the late request within 3 s, cut to what says whether it committed: the first error
     * it names, else "committed". The server's monitor updates on that connection are read past.
     */
    private static String readAnswer(Connection c) {
        long deadline = System.nanoTime() + 3_000_000_000L;
        String text = c.afterCut();
        while (System.nanoTime() < deadline && !(text.contains("\"result\"") && text.contains("\"error\""))) {
            sleep(50);
            text = c.afterCut();
        }
        Matcher m = Pattern.compile("\"error\"\\s*:\\s*\"([^\"]+)\"").matcher(text);
        if (m.find()) {
            return m.group(1);
        }
        return text.contains("\"result\"") ? "committed" : "no answer";
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Socket s : open) {
            RelaySockets.closeQuietly(s);
        }
    }

    /** Splits a byte stream into top-level JSON values (OVSDB JSON-RPC has no other framing). */
    static final class JsonFramer {
        private final ByteArrayOutputStream current = new ByteArrayOutputStream();
        private int depth;
        private boolean inString;
        private boolean escaped;

        List<byte[]> feed(byte[] buf, int n) {
            List<byte[]> out = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                byte b = buf[i];
                current.write(b);
                if (inString) {
                    if (escaped) {
                        escaped = false;
                    } else if (b == '\\') {
                        escaped = true;
                    } else if (b == '"') {
                        inString = false;
                    }
                } else if (b == '"') {
                    inString = true;
                } else if (b == '{' || b == '[') {
                    depth++;
                } else if ((b == '}' || b == ']') && --depth == 0) {
                    out.add(current.toByteArray());
                    current.reset();
                }
            }
            return out;
        }
    }
}
