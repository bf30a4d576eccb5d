package io.ovnbgp.ovsdb.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Against a TCP peer that accepts and reads but never answers: a hung server, as far as we can tell. */
class InactivityProbeTest {
    @Test
    void aSilentServerIsProbedWithEchoThenDropped() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            StringBuilder received = new StringBuilder();
            Thread reader = new Thread(() -> {
                try (Socket s = server.accept();
                        InputStream in = s.getInputStream()) {
                    byte[] buf = new byte[4096];
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        synchronized (received) {
                            received.append(new String(buf, 0, n, StandardCharsets.UTF_8));
                        }
                    }
                } catch (Exception ignored) {
                    // the client closed
                }
            });
            reader.setDaemon(true);
            reader.start();
            OvsdbSession s = OvsdbSession.open(
                    OvsdbRemote.tcp("127.0.0.1", server.getLocalPort()),
                    OvsdbSession.Options.defaults().withProbeInterval(Duration.ofMillis(200)),
                    Duration.ofSeconds(2));
            CountDownLatch closed = new CountDownLatch(1);
            s.whenClosed(closed::countDown);
            long t0 = System.nanoTime();
            assertThat(closed.await(3, TimeUnit.SECONDS)).isTrue();
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
            assertThat(ms).isBetween(300L, 1500L);
            assertThat(s.closeReason()).contains("inactivity probe").contains("400 ms");
            synchronized (received) {
                assertThat(received.toString()).contains("\"method\":\"echo\"");
            }
            // calls on a closed session fail at once, naming why
            assertThatThrownBy(() -> s.echo(Duration.ofSeconds(1)))
                    .isInstanceOf(OvsdbException.class)
                    .hasMessageContaining("inactivity probe");
            s.close();
        }
    }

    @Test
    void aSilentServerFailsABoundedCallWithTimedOut() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            Thread acceptor = new Thread(() -> {
                try (Socket s = server.accept()) {
                    s.getInputStream().readAllBytes();
                } catch (Exception ignored) {
                    // closed
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            try (OvsdbSession s = OvsdbSession.open(
                    OvsdbRemote.tcp("127.0.0.1", server.getLocalPort()),
                    OvsdbSession.Options.defaults().withProbeInterval(Duration.ZERO),
                    Duration.ofSeconds(2))) {
                long t0 = System.nanoTime();
                assertThatThrownBy(() -> s.transact("OVN_Northbound", List.of(Op.comment("x")), Duration.ofMillis(300)))
                        .isInstanceOfSatisfying(TransactionException.class, e -> {
                            assertThat(e.kind()).isEqualTo(TransactionException.Kind.TIMED_OUT);
                            assertThat(e.outcomeUnknown()).isTrue();
                            assertThat(e.failedOp()).isNull();
                        })
                        .hasMessageContaining("no answer to the transaction within PT0.3S");
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0))
                        .isLessThan(1500);
            }
        }
    }

    @Test
    void aTransactionInFlightWhenTheConnectionDropsFailsAsOutcomeUnknown() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CountDownLatch requestSeen = new CountDownLatch(1);
            Thread peer = new Thread(() -> {
                try (Socket s = server.accept()) {
                    InputStream in = s.getInputStream();
                    if (in.read() >= 0) {
                        requestSeen.countDown();
                    }
                    // hang up without answering, as a crashing server would
                } catch (Exception ignored) {
                    // closed
                }
            });
            peer.setDaemon(true);
            peer.start();
            try (OvsdbSession s = OvsdbSession.open(
                    OvsdbRemote.tcp("127.0.0.1", server.getLocalPort()),
                    OvsdbSession.Options.defaults().withProbeInterval(Duration.ZERO),
                    Duration.ofSeconds(2))) {
                long t0 = System.nanoTime();
                assertThatThrownBy(() -> s.transact("OVN_Northbound", List.of(Op.comment("x")), Duration.ofSeconds(30)))
                        .isInstanceOfSatisfying(TransactionException.class, e -> {
                            assertThat(e.kind()).isEqualTo(TransactionException.Kind.CONNECTION_LOST);
                            assertThat(e.outcomeUnknown()).isTrue();
                            assertThat(e).hasMessageContaining("may or may not have committed");
                        });
                assertThat(requestSeen.await(2, TimeUnit.SECONDS)).isTrue();
                // the hang-up fails the call at once, long before its own 30 s timeout
                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0))
                        .isLessThan(5000);
            }
        }
    }
}
