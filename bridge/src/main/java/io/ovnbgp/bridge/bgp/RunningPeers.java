package io.ovnbgp.bridge.bgp;

import io.ovnbgp.bgp.fsm.PeerSession;
import io.ovnbgp.bgp.fsm.PeerSettings;
import io.ovnbgp.bgp.fsm.SessionListener;
import io.ovnbgp.bgp.rib.Rib;
import io.ovnbgp.bgp.rib.RibPeer;
import io.ovnbgp.bgp.transport.BgpSpeaker;
import io.ovnbgp.bgp.wire.ErrorSubcode;
import io.ovnbgp.bgp.wire.NotificationMessage;
import io.ovnbgp.bridge.config.BridgeConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configured peers as they run: for each, the {@code peers[]} entry it was started from, the speaker's
 * session and its RIB handle. Changed by one thread at a time (start, then the reloads); read from any (status,
 * metrics) through {@link #sessions()}, a snapshot in configuration order.
 */
public final class RunningPeers {
    private static final Logger LOG = LoggerFactory.getLogger(RunningPeers.class);
    /** How long a reset or removal waits for the session to be Idle before it goes on regardless. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    /** One peer as it runs. */
    public record Running(BridgeConfig.Peer config, PeerSettings settings, RibPeer ribPeer, PeerSession session) {}

    private final BgpSpeaker speaker;
    private final Rib rib;
    private final SessionListener observer;
    /** Guarded by this; replaced, never changed in place, so that readers get a consistent snapshot. */
    private volatile Map<String, Running> peers = Map.of();

    private volatile boolean closing;

    /** @param observer sees every session event before the RIB does (logging, Kubernetes Events) */
    public RunningPeers(BgpSpeaker speaker, Rib rib, SessionListener observer) {
        this.speaker = speaker;
        this.rib = rib;
        this.observer = observer;
    }

    /** The sessions, in configuration order. */
    public List<PeerSession> sessions() {
        return peers.values().stream().map(Running::session).toList();
    }

    public Map<String, Running> byName() {
        return peers;
    }

    /** The peers' RIB handles by name, for the per-route views. */
    public Map<String, RibPeer> ribPeers() {
        Map<String, RibPeer> m = new LinkedHashMap<>();
        peers.forEach((name, r) -> m.put(name, r.ribPeer()));
        return m;
    }

    /** Attaches a peer to the RIB and the speaker, without starting it: see {@link #startAll()}. */
    public synchronized void add(BridgeConfig.Peer config, PeerSettings settings) {
        if (closing) {
            throw new IllegalStateException("the daemon is stopping");
        }
        RibPeer ribPeer = rib.attach(settings.name(), RibConfigFactory.from(config));
        PeerSession session;
        try {
            session = speaker.addPeer(settings, listener(ribPeer));
        } catch (RuntimeException e) {
            ribPeer.detach();
            throw e;
        }
        put(new Running(config, settings, ribPeer, session));
    }

    /** Starts every session not started yet (starting one twice does nothing). */
    public void startAll() {
        peers.values().forEach(r -> r.session().start());
    }

    /** What a reload does to the peers: {@link #apply} runs it in an order that cannot collide. */
    public record Plan(List<String> remove, List<Change> reset, List<Change> add, List<BridgeConfig.Peer> reconfigure) {
        public Plan {
            remove = List.copyOf(remove);
            reset = List.copyOf(reset);
            add = List.copyOf(add);
            reconfigure = List.copyOf(reconfigure);
        }
    }

    /** A peer entry and its settings as resolved (password read). */
    public record Change(BridgeConfig.Peer config, PeerSettings settings) {}

    /**
     * Carries out a reload's plan: first every session that goes or is reset is closed (Cease / Peer
     * De-configured, Cease / Other Configuration Change), so that an address moving from one peer to another
     * within one version never meets its old session; then the reset and new peers start; then policy changes.
     * What cannot start is left out (and said in the result), so that this map always holds exactly what runs.
     *
     * @return one line per peer touched, for the log and {@code /status}
     */
    public synchronized List<String> apply(Plan plan) {
        List<String> done = new ArrayList<>();
        removePeers(plan.remove(), done);
        resetPeers(plan.reset(), done);
        addPeers(plan.add(), done);
        reconfigurePeers(plan.reconfigure(), done);
        return done;
    }

    /** Peers the new version no longer has: sent Cease / Peer De-configured, their routes withdrawn. */
    private void removePeers(List<String> names, List<String> done) {
        for (String name : names) {
            Running r = peers.get(name);
            if (r == null) {
                continue;
            }
            awaitIdle(r, speaker.removePeer(r.session(), NotificationMessage.of(ErrorSubcode.PEER_DECONFIGURED)));
            r.ribPeer().detach();
            without(name);
            LOG.info(
                    "peer {} ({}): removed by the new configuration (sent Cease / Peer De-configured)",
                    name,
                    r.settings().remoteAddress().getHostAddress());
            done.add(name + ": removed (Cease / Peer De-configured)");
        }
    }

    /** Peers whose session settings changed: stopped first, all of them, then started again in order. */
    private void resetPeers(List<Change> changes, List<String> done) {
        List<Running> resetting = new ArrayList<>();
        for (Change c : changes) {
            Running r = peers.get(c.settings().name());
            if (r != null) {
                awaitIdle(
                        r,
                        speaker.removePeer(
                                r.session(), NotificationMessage.of(ErrorSubcode.OTHER_CONFIGURATION_CHANGE)));
                resetting.add(r);
            }
        }
        for (int i = 0; i < changes.size(); i++) {
            Change c = changes.get(i);
            Running old = resetting.stream()
                    .filter(r -> r.settings().name().equals(c.settings().name()))
                    .findFirst()
                    .orElse(null);
            if (closing) {
                return;
            }
            try {
                if (old == null) {
                    add(c.config(), c.settings());
                    peers.get(c.settings().name()).session().start();
                } else {
                    if (!RibConfigFactory.samePolicy(old.config(), c.config())) {
                        old.ribPeer().reconfigure(RibConfigFactory.from(c.config()));
                    }
                    PeerSession session = speaker.addPeer(
                            c.settings(), listener(old.ribPeer()), old.session().counters());
                    put(new Running(c.config(), c.settings(), old.ribPeer(), session));
                    session.start();
                }
                LOG.info(
                        "peer {} ({}): session settings changed: reset with Cease / Other Configuration Change",
                        c.settings().name(),
                        c.settings().remoteAddress().getHostAddress());
                done.add(c.settings().name() + ": session settings changed, reset (Cease / Other Configuration"
                        + " Change)");
            } catch (RuntimeException e) {
                if (old != null) {
                    old.ribPeer().detach();
                }
                without(c.settings().name());
                LOG.error(
                        "peer {}: cannot start with the new settings: {}",
                        c.settings().name(),
                        e.getMessage());
                done.add(c.settings().name() + ": reset, but cannot start: " + e.getMessage());
            }
        }
    }

    private void addPeers(List<Change> changes, List<String> done) {
        for (Change c : changes) {
            if (closing) {
                return;
            }
            try {
                add(c.config(), c.settings());
                peers.get(c.settings().name()).session().start();
                LOG.info(
                        "peer {} ({}, AS {}): added by the new configuration",
                        c.settings().name(),
                        c.settings().remoteAddress().getHostAddress(),
                        c.settings().remoteAs());
                done.add(c.settings().name() + ": added");
            } catch (RuntimeException e) {
                LOG.error("peer {}: cannot start: {}", c.settings().name(), e.getMessage());
                done.add(c.settings().name() + ": cannot start: " + e.getMessage());
            }
        }
    }

    /** Peers whose policy alone changed: applied to the running session. */
    private void reconfigurePeers(List<BridgeConfig.Peer> changed, List<String> done) {
        for (BridgeConfig.Peer p : changed) {
            Running r = peers.get(p.name());
            if (r == null) {
                continue;
            }
            r.ribPeer().reconfigure(RibConfigFactory.from(p));
            put(new Running(p, r.settings(), r.ribPeer(), r.session()));
            LOG.info(
                    "peer {}: policy changed (receive, advertise or maxPrefixes): applied on the running session",
                    p.name());
            done.add(p.name() + ": policy changed, session kept");
        }
    }

    /** Whether this speaker can open a session with a TCP-MD5 password (it needs the epoll transport). */
    public boolean supportsTcpMd5() {
        return speaker.supportsTcpMd5();
    }

    /** From now on nothing starts: the daemon is stopping (a reload still running finishes without starting). */
    public void closing() {
        closing = true;
    }

    private SessionListener listener(RibPeer ribPeer) {
        return (session, event) -> {
            try {
                observer.onEvent(session, event);
            } finally {
                ribPeer.onEvent(session, event);
            }
        };
    }

    private void without(String name) {
        Map<String, Running> m = new LinkedHashMap<>(peers);
        m.remove(name);
        peers = Collections.unmodifiableMap(m);
    }

    private void put(Running r) {
        Map<String, Running> m = new LinkedHashMap<>(peers);
        m.put(r.settings().name(), r);
        peers = Collections.unmodifiableMap(m);
    }

    private static void awaitIdle(Running r, CompletableFuture<Void> stopped) {
        BoundedWait.get(stopped, STOP_WAIT, e -> {
            if (!(e instanceof InterruptedException)) {
                LOG.warn(
                        "peer {}: session did not stop within {} s ({}); going on",
                        r.settings().name(),
                        STOP_WAIT.toSeconds(),
                        e.toString());
            }
            return null;
        });
    }
}
