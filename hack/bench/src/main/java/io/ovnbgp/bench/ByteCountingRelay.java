package io.ovnbgp.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP relay on loopback between a client and one server port that counts the bytes each way, from outside the
 * client, and can cut every connection through it at once (as a broken link would) while it keeps listening. A
 * thread per direction and connection: it carries one or two long-lived OVSDB connections.
 */
final class ByteCountingRelay implements AutoCloseable {
    private static final Pattern MONITOR = Pattern.compile("\"method\"\\s*:\\s*\"(monitor(?:_cond(?:_since)?)?)\"");

    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final AtomicLong toClient = new AtomicLong();
    private final AtomicLong toServer = new AtomicLong();
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final Set<String> monitorMethods = new ConcurrentSkipListSet<>();
    private final Thread acceptor;
    private volatile long lastConnectNanos;
    private volatile boolean closed;

    private ByteCountingRelay(int upstreamPort) throws IOException {
        this.server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        this.upstream = new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort);
        this.acceptor = new Thread(this::accept, "relay-accept");
        acceptor.setDaemon(true);
    }

    /** Listens on a free loopback port and relays each connection to {@code upstreamPort} on loopback. */
    static ByteCountingRelay start(int upstreamPort) throws IOException {
        ByteCountingRelay r = new ByteCountingRelay(upstreamPort);
        r.acceptor.start();
        return r;
    }

    /** The OVSDB remote a client connects to instead of the server's. */
    String remote() {
        return "tcp:127.0.0.1:" + server.getLocalPort();
    }

    /** Bytes relayed from the server to the client(s) since the last {@link #resetCounters()}. */
    long bytesToClient() {
        return toClient.get();
    }

    long bytesToServer() {
        return toServer.get();
    }

    /** The OVSDB monitor methods the client asked for through this relay (what the wire says, not the client). */
    Set<String> monitorMethods() {
        return Set.copyOf(monitorMethods);
    }

    void resetCounters() {
        toClient.set(0);
        toServer.set(0);
    }

    /** {@link System#nanoTime} of the last connection relayed through to the server (0 if none yet). */
    long lastConnectNanos() {
        return lastConnectNanos;
    }

    /** Connections open through the relay now. */
    int connections() {
        return open.size() / 2;
    }

    /** Closes every connection through the relay, both sides; new ones are still accepted. */
    void cut() {
        for (Socket s : open) {
            closeQuietly(s);
        }
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                Socket up = new Socket();
                try {
                    up.setTcpNoDelay(true);
                    up.connect(upstream, 2_000);
                } catch (IOException e) {
                    // the server is down: the client sees its connection closed, as it would without the relay
                    closeQuietly(client);
                    closeQuietly(up);
                    continue;
                }
                client.setTcpNoDelay(true);
                open.add(client);
                open.add(up);
                lastConnectNanos = System.nanoTime();
                pump(up, client, toClient, "relay-to-client");
                pump(client, up, toServer, "relay-to-server");
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("relay: accept failed: " + e);
                }
            }
        }
    }

    private void pump(Socket from, Socket to, AtomicLong counter, String name) {
        Thread t = new Thread(
                () -> {
                    byte[] buf = new byte[64 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(buf)) >= 0) {
                            out.write(buf, 0, n);
                            counter.addAndGet(n);
                            if (counter == toServer) {
                                noteMonitorMethods(buf, n);
                            }
                        }
                    } catch (IOException e) {
                        // cut or closed by either end
                    } finally {
                        closeQuietly(from);
                        closeQuietly(to);
                        open.remove(from);
                        open.remove(to);
                    }
                },
                name);
        t.setDaemon(true);
        t.start();
    }

    /** Requests are short and come first; a method name split across two reads is merely missed. */
    private void noteMonitorMethods(byte[] buf, int n) {
        Matcher m = MONITOR.matcher(new String(buf, 0, n, StandardCharsets.UTF_8));
        while (m.find()) {
            monitorMethods.add(m.group(1));
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        cut();
    }
}
