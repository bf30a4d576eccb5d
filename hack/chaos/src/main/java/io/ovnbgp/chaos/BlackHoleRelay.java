package io.ovnbgp.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback in front of one NB member that can black-hole the connections through it: they stop
 * being forwarded either way but stay open, as behind a link that drops every packet, so only an inactivity probe
 * can tell. Connections made after the black hole pass (the fault is the silent death of the existing path, not a
 * refused reconnect). A thread per direction and connection: it carries one or two OVSDB connections.
 */
final class BlackHoleRelay implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress upstream;
    private final List<Pair> pairs = new CopyOnWriteArrayList<>();
    private volatile boolean closed;

    /** One relayed connection: the client's socket, the server's, and whether it is black-holed. */
    private static final class Pair {
        final Socket client;
        final Socket server;
        volatile boolean holed;

        Pair(Socket client, Socket server) {
            this.client = client;
            this.server = server;
        }

        void close() {
            RelaySockets.closeQuietly(client);
            RelaySockets.closeQuietly(server);
        }
    }

    private BlackHoleRelay(int upstreamPort) throws IOException {
        this.server = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
        this.upstream = new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort);
    }

    /** Listens on a free loopback port and relays each connection to {@code upstreamPort} on loopback. */
    static BlackHoleRelay start(int upstreamPort) throws IOException {
        BlackHoleRelay r = new BlackHoleRelay(upstreamPort);
        RelaySockets.acceptPairs(r.server, r.upstream, () -> r.closed, "nb-faults relay", r::relay);
        return r;
    }

    /** The OVSDB remote a client connects to instead of the server's. */
    String remote() {
        return "tcp:127.0.0.1:" + server.getLocalPort();
    }

    /** Connections through the relay now that still forward. */
    int live() {
        return (int) pairs.stream().filter(p -> !p.holed).count();
    }

    /** Stops forwarding on every connection open now, without closing any; returns how many were hit. */
    int blackHole() {
        int n = 0;
        for (Pair p : pairs) {
            if (!p.holed) {
                p.holed = true;
                n++;
            }
        }
        return n;
    }

    /**
     * Ends the black-holed connections (the partition heals and each end learns the other is gone). Their reader
     * threads, parked on the black hole, end with them.
     */
    void heal() {
        for (Pair p : pairs) {
            if (p.holed) {
                p.close();
                pairs.remove(p);
            }
        }
    }

    private void relay(Socket client, Socket up) {
        Pair p = new Pair(client, up);
        pairs.add(p);
        pump(p, up, client, "blackhole-relay-to-client");
        pump(p, client, up, "blackhole-relay-to-server");
    }

    /**
     * Copies {@code from} to {@code to} until either closes. Once the pair is black-holed the thread stops reading:
     * what arrives stays in the socket buffers and the sender's window closes, as on a dead path.
     */
    private void pump(Pair p, Socket from, Socket to, String name) {
        RelaySockets.daemon(
                () -> {
                    byte[] buf = new byte[64 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(buf)) >= 0) {
                            while (p.holed && !from.isClosed()) {
                                Thread.sleep(50);
                            }
                            if (p.holed) {
                                return;
                            }
                            out.write(buf, 0, n);
                        }
                    } catch (IOException e) {
                        // closed by either end, or healed
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        if (!p.holed) {
                            p.close();
                            pairs.remove(p);
                        }
                    }
                },
                name);
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        for (Pair p : pairs) {
            p.close();
        }
        pairs.clear();
    }
}
