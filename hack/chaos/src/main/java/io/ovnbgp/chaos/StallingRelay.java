package io.ovnbgp.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP relay on loopback, on a fixed port, in front of one server (here the Kubernetes API), that can take the
 * server away from its clients in the two ways a network does:
 *
 * <ul>
 *   <li>{@link #refuse()}: the port is closed and every connection through it reset, so that new ones are refused
 *       (the server crashed, or its host is up without it);
 *   <li>{@link #blackHole()}: nothing is answered and nothing passes, open connections stay open and new ones are
 *       accepted but go nowhere (a partition, a firewall dropping packets): a client only notices by its own
 *       timeouts;
 * </ul>
 *
 * and {@link #resume()}: a black hole heals as a partition does, with what was held delivered late and the held
 * connections carried on to the server; after a refusal the port listens again. Two threads per connection.
 */
final class StallingRelay implements AutoCloseable {
    private enum Mode {
        FORWARD,
        REFUSE,
        BLACK_HOLE
    }

    private final int port;
    private final InetSocketAddress upstream;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    /** Accepted while black-holed; connected upstream on {@link #resume()}. Guarded by this. */
    private final List<Socket> held = new ArrayList<>();
    /** Guarded by this. */
    private Mode mode = Mode.FORWARD;
    /** Guarded by this; null while refusing. */
    private ServerSocket server;

    private volatile boolean closed;

    private StallingRelay(int port, int upstreamPort) {
        this.port = port;
        this.upstream = new InetSocketAddress(InetAddress.getLoopbackAddress(), upstreamPort);
    }

    /** Listens on loopback {@code port} and relays each connection to loopback {@code upstreamPort}. */
    static StallingRelay start(int port, int upstreamPort) throws IOException {
        StallingRelay r = new StallingRelay(port, upstreamPort);
        r.listen();
        return r;
    }

    int port() {
        return port;
    }

    /** Connections relayed now (held ones not counted). */
    int connections() {
        return open.size() / 2;
    }

    private synchronized void listen() throws IOException {
        ServerSocket s = new ServerSocket();
        s.setReuseAddress(true);
        s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 64);
        server = s;
        RelaySockets.daemon(() -> accept(s), "relay-accept-" + port);
    }

    synchronized void refuse() throws IOException {
        mode = Mode.REFUSE;
        if (server != null) {
            server.close();
            server = null;
        }
        held.forEach(RelaySockets::closeQuietly);
        held.clear();
        open.forEach(RelaySockets::closeQuietly);
    }

    synchronized void blackHole() {
        mode = Mode.BLACK_HOLE;
    }

    /** Back to relaying: listens again after {@link #refuse()}, lets held data and connections through. */
    synchronized void resume() throws IOException {
        Mode was = mode;
        mode = Mode.FORWARD;
        if (was == Mode.REFUSE) {
            listen();
        }
        for (Socket client : held) {
            connect(client);
        }
        held.clear();
        notifyAll();
    }

    private void accept(ServerSocket s) {
        while (!closed && !s.isClosed()) {
            try {
                Socket client = s.accept();
                client.setTcpNoDelay(true);
                synchronized (this) {
                    if (mode == Mode.BLACK_HOLE) {
                        held.add(client);
                        continue;
                    }
                }
                connect(client);
            } catch (IOException e) {
                // closed by refuse() or close(); otherwise the next accept tries again
            }
        }
    }

    private void connect(Socket client) {
        Socket up = RelaySockets.connect(upstream);
        if (up == null) {
            // the server is down: the client sees its connection closed
            RelaySockets.closeQuietly(client);
            return;
        }
        open.add(client);
        open.add(up);
        pump(up, client, "relay-to-client");
        pump(client, up, "relay-to-server");
    }

    /** Waits while black-holed: what was read stays here, and the sender's TCP window fills behind it. */
    private synchronized void awaitForwarding() throws InterruptedException {
        while (mode == Mode.BLACK_HOLE && !closed) {
            wait(1000);
        }
    }

    private void pump(Socket from, Socket to, String name) {
        RelaySockets.daemon(
                () -> {
                    byte[] buf = new byte[64 * 1024];
                    try (InputStream in = from.getInputStream();
                            OutputStream out = to.getOutputStream()) {
                        int n;
                        while ((n = in.read(buf)) >= 0) {
                            awaitForwarding();
                            out.write(buf, 0, n);
                        }
                    } catch (IOException e) {
                        // reset by refuse(), or closed by either end
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    } finally {
                        RelaySockets.closeQuietly(from);
                        RelaySockets.closeQuietly(to);
                        open.remove(from);
                        open.remove(to);
                    }
                },
                name);
    }

    @Override
    public synchronized void close() throws IOException {
        closed = true;
        refuse();
        notifyAll();
    }
}
