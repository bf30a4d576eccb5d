package io.ovnbgp.bridge.ovn;

import io.ovnbgp.ovsdb.client.OvsdbException;
import io.ovnbgp.ovsdb.client.OvsdbRemote;
import io.ovnbgp.ovsdb.client.OvsdbSession;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a connection to OVN Northbound: connects, checks the schema, and when the connection drops connects
 * again with a growing back-off (0.5 s doubling to 30 s), trying each remote of a cluster in turn.
 */
public final class NorthboundLink implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NorthboundLink.class);
    private static final Duration RPC_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration MIN_BACKOFF = Duration.ofMillis(500);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    static final String DATABASE = "OVN_Northbound";

    /** What /status shows about the link. */
    public record State(String remote, boolean connected, String schemaVersion, String lastError, String since) {
        State(String remote, boolean connected, String schemaVersion, String lastError, Instant since) {
            this(remote, connected, schemaVersion, lastError, since.toString());
        }
    }

    private final List<OvsdbRemote> remotes;
    private final Consumer<Boolean> onChange;
    private final Thread thread;
    private volatile State state;
    private volatile boolean closed;
    private volatile OvsdbSession session;

    public NorthboundLink(List<OvsdbRemote> remotes, Consumer<Boolean> onChange) {
        this.remotes = List.copyOf(remotes);
        this.onChange = onChange;
        this.state = new State(remotes.get(0).toString(), false, null, null, Instant.now());
        this.thread = new Thread(this::run, "nb-link");
        this.thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    public State state() {
        return state;
    }

    public boolean isConnected() {
        OvsdbSession s = session;
        return s != null && s.isConnected();
    }

    private void run() {
        Duration backoff = MIN_BACKOFF;
        int next = 0;
        while (!closed) {
            OvsdbRemote remote = remotes.get(next);
            next = (next + 1) % remotes.size();
            try (OvsdbSession s = OvsdbSession.open(remote, RPC_TIMEOUT)) {
                String version = s.schemaVersion(DATABASE, RPC_TIMEOUT);
                CountDownLatch down = new CountDownLatch(1);
                s.whenClosed(down::countDown);
                session = s;
                state = new State(remote.toString(), true, version, null, Instant.now());
                LOG.info("connected to OVN Northbound at {} (schema {})", remote, version);
                onChange.accept(true);
                backoff = MIN_BACKOFF;
                down.await();
                if (!closed) {
                    LOG.warn("lost the OVN Northbound connection to {}; reconnecting", remote);
                }
            } catch (OvsdbException e) {
                state = new State(remote.toString(), false, null, e.getMessage(), Instant.now());
                LOG.warn("OVN Northbound: {}; retrying in {} ms", e.getMessage(), backoff.toMillis());
            } catch (InterruptedException e) {
                return;
            } finally {
                if (session != null) {
                    session = null;
                    State s = state;
                    state = new State(s.remote(), false, s.schemaVersion(), s.lastError(), Instant.now());
                    onChange.accept(false);
                }
            }
            if (closed) {
                return;
            }
            try {
                Thread.sleep(backoff.toMillis());
            } catch (InterruptedException e) {
                return;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
    }

    @Override
    public void close() {
        closed = true;
        thread.interrupt();
        OvsdbSession s = session;
        if (s != null) {
            s.close();
        }
    }
}
