package io.ovnbgp.chaos;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.BooleanSupplier;

/**
 * What the scenarios' TCP relays share ({@link BlackHoleRelay}, {@link StallingRelay}, {@link TransactCutter}):
 * accepting on loopback, connecting each client to the server behind, daemon threads, quiet closes. Each relay
 * keeps its own pumps, since how each forwards is its fault.
 */
final class RelaySockets {
    /** What a relay does with a client once the server behind has accepted its connection too. */
    interface Pairing {
        void relay(Socket client, Socket server) throws IOException;
    }

    private RelaySockets() {}

    /**
     * Accepts on {@code listening} until it closes or {@code closed} says so, in a daemon thread; each client is
     * paired with a connection to {@code upstream}, or closed at once when the server is down (the client sees
     * what it would see without the relay).
     */
    static void acceptPairs(
            ServerSocket listening, InetSocketAddress upstream, BooleanSupplier closed, String name, Pairing pairing) {
        daemon(
                () -> {
                    while (!closed.getAsBoolean() && !listening.isClosed()) {
                        try {
                            Socket client = listening.accept();
                            client.setTcpNoDelay(true);
                            Socket server = connect(upstream);
                            if (server == null) {
                                closeQuietly(client);
                            } else {
                                pairing.relay(client, server);
                            }
                        } catch (IOException e) {
                            if (!closed.getAsBoolean() && !listening.isClosed()) {
                                System.err.println(name + ": accept failed: " + e);
                            }
                        }
                    }
                },
                name);
    }

    /** A connection to the server behind, or null when it is down. */
    static Socket connect(InetSocketAddress upstream) {
        Socket up = new Socket();
        try {
            up.setTcpNoDelay(true);
            up.connect(upstream, 2_000);
            return up;
        } catch (IOException e) {
            closeQuietly(up);
            return null;
        }
    }

    /** Starts {@code r} in a daemon thread. */
    static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }
}
