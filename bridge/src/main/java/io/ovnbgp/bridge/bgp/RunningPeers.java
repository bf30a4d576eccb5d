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
import java.util.concurrent.TimeUnit;
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
    public record Running(BridgeConfig.Peer config, PeerSettings settings, RibPeer ribPeer, PeerSession session) {
    }

    private final BgpSpeaker speaker;
    private final Rib rib;
    private final SessionListener observer;
    /** Guarded by this; replaced, never changed in place, so that readers get a consistent snapshot. */
    private volatile Map<String, Running> peers = Map.of();

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

    /** Adds and starts a peer that a reload brought. */
    public synchronized void addAndStart(BridgeConfig.Peer config, PeerSettings settings) {
        add(config, settings);
        peers.get(settings.name()).session().start();
        LOG.info("peer {} ({}, AS {}): added by the new configuration", settings.name(),
                settings.remoteAddress().getHostAddress(), settings.remoteAs());
    }

    /**
     * Shuts a peer down with Cease / Peer De-configured (RFC 4486) and takes its routes out of the RIB, and so
     * out of OVN.
     */
    public synchronized void remove(String name) {
        Running r = peers.get(name);
        if (r == null) {
            return;
        }
        awaitIdle(r, speaker.removePeer(r.session(), NotificationMessage.of(ErrorSubcode.PEER_DECONFIGURED)));
        r.ribPeer().detach();
        Map<String, Running> m = new LinkedHashMap<>(peers);
        m.remove(name);
        peers = Collections.unmodifiableMap(m);
        LOG.info("peer {} ({}): removed by the new configuration (sent Cease / Peer De-configured)", name,
                r.settings().remoteAddress().getHostAddress());
    }

    /**
     * A peer whose session settings changed: its session is closed with Cease / Other Configuration Change (RFC
     * 4486) and a new one with the new settings starts. The RIB handle stays (its routes go with the session, as
     * on any reset) and takes the new policy, if that changed too.
     */
    public synchronized void reset(BridgeConfig.Peer config, PeerSettings settings) {
        Running r = peers.get(settings.name());
        if (r == null) {
            addAndStart(config, settings);
            return;
        }
        awaitIdle(r, speaker.removePeer(r.session(), NotificationMessage.of(ErrorSubcode.OTHER_CONFIGURATION_CHANGE)));
        if (!RibConfigFactory.samePolicy(r.config(), config)) {
            r.ribPeer().reconfigure(RibConfigFactory.from(config));
        }
        PeerSession session = speaker.addPeer(settings, listener(r.ribPeer()));
        put(new Running(config, settings, r.ribPeer(), session));
        session.start();
        LOG.info("peer {} ({}): session settings changed: reset with Cease / Other Configuration Change",
                settings.name(), settings.remoteAddress().getHostAddress());
    }

    /**
     * A peer whose {@code receive}, {@code advertise} or {@code maxPrefixes} alone changed: the session stays; the
     * RIB re-applies the import policy (from kept paths or by ROUTE-REFRESH) and sends what the export policy now
     * allows and withdraws what it no longer does.
     */
    public synchronized void reconfigure(BridgeConfig.Peer config) {
        Running r = peers.get(config.name());
        if (r == null) {
            return;
        }
        r.ribPeer().reconfigure(RibConfigFactory.from(config));
        put(new Running(config, r.settings(), r.ribPeer(), r.session()));
        LOG.info("peer {}: policy changed (receive, advertise or maxPrefixes): applied on the running session",
                config.name());
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

    private void put(Running r) {
        Map<String, Running> m = new LinkedHashMap<>(peers);
        m.put(r.settings().name(), r);
        peers = Collections.unmodifiableMap(m);
    }

    private static void awaitIdle(Running r, CompletableFuture<Void> stopped) {
        try {
            stopped.get(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            LOG.warn("peer {}: session did not stop within {} s ({}); going on", r.settings().name(),
                    STOP_WAIT.toSeconds(), e.toString());
        }
    }

    /** The names, for messages. */
    public List<String> names() {
        return new ArrayList<>(peers.keySet());
    }
}
