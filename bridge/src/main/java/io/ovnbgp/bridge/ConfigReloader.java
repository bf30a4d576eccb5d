package io.ovnbgp.bridge;

import io.ovnbgp.bgp.fsm.PeerSettings;
import io.ovnbgp.bridge.bgp.PeerSettingsFactory;
import io.ovnbgp.bridge.bgp.RunningPeers;
import io.ovnbgp.bridge.config.BridgeConfig;
import io.ovnbgp.bridge.config.ConfigDiff;
import io.ovnbgp.bridge.config.ConfigDiff.PeerChange;
import io.ovnbgp.bridge.config.ConfigException;
import io.ovnbgp.bridge.config.ConfigLoader;
import io.ovnbgp.bridge.config.ConfigValidator;
import io.ovnbgp.bridge.config.NodeFacts;
import io.ovnbgp.bridge.metrics.BridgeMetrics;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies new versions of the configuration to the running daemon, as a difference: a new one is validated whole
 * (fields, then what only a restart can change, then the peers' passwords) and either applied or refused whole,
 * the running one staying in force. One reload at a time: every source (the watched file, the ConfigMap, the
 * watched Secrets) calls in through {@link #reload}, which is synchronized.
 */
public final class ConfigReloader {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigReloader.class);

    /** What became of one new version. */
    public enum Outcome {
        APPLIED,
        UNCHANGED,
        REFUSED
    }

    /** The outcome, and what was done or why it was refused (one line per change or problem). */
    public record Result(Outcome outcome, List<String> details) {
        public Result {
            details = List.copyOf(details);
        }

        @Override
        public String toString() {
            return outcome + (details.isEmpty() ? "" : ": " + String.join("; ", details));
        }
    }

    private final NodeFacts node;
    private final RunningPeers peers;
    private final BridgeMetrics metrics;
    private final Supplier<PeerSettingsFactory.SecretReader> secrets;
    private final Consumer<String> refusals;
    private final Consumer<BridgeConfig> applied;
    // guarded by this
    private BridgeConfig running;
    private String runningText;
    /** The last outcome, published for {@code /status}, which must not wait for a reload in progress. */
    private volatile Last last;

    private record Last(Result result, Instant at) {}

    /**
     * @param secrets   a reader of {@code password.secretRef} for one reload (null when the API is off)
     * @param refusals  told the message of every refusal (a Kubernetes Event on the ConfigMap)
     * @param applied   told each configuration that went into force
     */
    public ConfigReloader(
            BridgeConfig running,
            String runningText,
            NodeFacts node,
            RunningPeers peers,
            BridgeMetrics metrics,
            Supplier<PeerSettingsFactory.SecretReader> secrets,
            Consumer<String> refusals,
            Consumer<BridgeConfig> applied) {
        this.running = running;
        this.runningText = runningText;
        this.node = node;
        this.peers = peers;
        this.metrics = metrics;
        this.secrets = secrets;
        this.refusals = refusals;
        this.applied = applied;
        metrics.configValid(true);
    }

    public synchronized BridgeConfig running() {
        return running;
    }

    /** Validates {@code text} (from {@code source}, for the messages) and applies it, or refuses it whole. */
    public synchronized Result reload(String text, String source) {
        return reload(text, source, true);
    }

    private Result reload(String text, String source, boolean countUnchanged) {
        Result r;
        try {
            r = apply(text, source);
        } catch (RuntimeException e) {
            // a bug of ours while applying: say so, keep the daemon
            LOG.error("applying the configuration from {} failed", source, e);
            r = new Result(Outcome.REFUSED, List.of("internal error while applying: " + e));
        }
        if (r.outcome() == Outcome.UNCHANGED && !countUnchanged) {
            LOG.info("{}: the peers' passwords are unchanged", source);
            return r;
        }
        last = new Last(r, Instant.now());
        metrics.configReload(r.outcome().name().toLowerCase(Locale.ROOT));
        metrics.configValid(r.outcome() != Outcome.REFUSED);
        if (r.outcome() == Outcome.REFUSED) {
            String message = "configuration from " + source + " refused, the running one stays in force:\n  "
                    + String.join("\n  ", r.details());
            LOG.error(message);
            refusals.accept(message);
        } else if (r.outcome() == Outcome.APPLIED) {
            LOG.info("configuration from {} applied: {}", source, String.join("; ", r.details()));
        } else {
            LOG.info("configuration from {} read: nothing changed", source);
        }
        return r;
    }

    /**
     * A source that has no configuration to offer (a ConfigMap deleted, or without {@code config.yaml}): refused
     * like an invalid version, visibly, and the running one stays.
     */
    public synchronized Result refuse(String source, String reason) {
        Result r = new Result(Outcome.REFUSED, List.of(reason));
        last = new Last(r, Instant.now());
        metrics.configReload("refused");
        metrics.configValid(false);
        String message = "configuration from " + source + " refused, the running one stays in force:\n  " + reason;
        LOG.error(message);
        refusals.accept(message);
        return r;
    }

    /**
     * Reads the running configuration's passwords again (a watched Secret changed): a peer whose password changed
     * is reset, the others keep their sessions.
     */
    public synchronized Result reread(String why) {
        return reload(runningText, why, false);
    }

    private Result apply(String text, String source) {
        BridgeConfig next;
        try {
            next = ConfigLoader.parse(text, source, node);
        } catch (ConfigException e) {
            return new Result(
                    Outcome.REFUSED, e.problems().stream().map(Object::toString).toList());
        }
        ConfigValidator.notes(next).forEach(note -> LOG.warn("configuration from {}: {}", source, note));
        ConfigDiff diff = ConfigDiff.between(running, next);
        if (!diff.restartOnly().isEmpty()) {
            return new Result(
                    Outcome.REFUSED,
                    diff.restartOnly().stream()
                            .map(f -> f + ": cannot change while running; a restart applies it")
                            .toList());
        }
        // every peer's settings, passwords read, before anything changes: a Secret that cannot be read refuses all
        Map<String, PeerSettings> settings = new LinkedHashMap<>();
        List<String> problems = resolvePeers(next, settings);
        if (!problems.isEmpty()) {
            return new Result(Outcome.REFUSED, problems);
        }
        List<String> done = peers.apply(plan(next, diff, settings));
        running = next;
        runningText = text;
        if (done.isEmpty()) {
            return new Result(Outcome.UNCHANGED, List.of());
        }
        applied.accept(next);
        return new Result(Outcome.APPLIED, done);
    }

    /** Puts each peer's settings of {@code next} into {@code settings}; returns what stops that (none: all). */
    private List<String> resolvePeers(BridgeConfig next, Map<String, PeerSettings> settings) {
        PeerSettingsFactory.SecretReader reader = next.peers().stream()
                        .anyMatch(p -> p.password() != null && p.password().secretRef() != null)
                ? secrets.get()
                : null;
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < next.peers().size(); i++) {
            try {
                PeerSettings s = PeerSettingsFactory.from(next, i, reader);
                settings.put(s.name(), s);
            } catch (IllegalArgumentException | IllegalStateException e) {
                problems.add(e.getMessage());
            }
        }
        if (problems.isEmpty() && !peers.supportsTcpMd5()) {
            for (int i = 0; i < next.peers().size(); i++) {
                if (next.peers().get(i).password() != null) {
                    problems.add("peers[" + i + "].password: TCP-MD5 needs the epoll transport, which this system"
                            + " lacks");
                }
            }
        }
        return problems;
    }

    /** What changes for the running peers: removed, reset, added, given a new policy. */
    private RunningPeers.Plan plan(BridgeConfig next, ConfigDiff diff, Map<String, PeerSettings> settings) {
        Map<String, RunningPeers.Running> now = peers.byName();
        List<RunningPeers.Change> reset = new ArrayList<>();
        List<RunningPeers.Change> add = new ArrayList<>();
        List<BridgeConfig.Peer> reconfigure = new ArrayList<>();
        for (BridgeConfig.Peer p : next.peers()) {
            PeerChange change = diff.peers().get(p.name());
            RunningPeers.Change c = new RunningPeers.Change(p, settings.get(p.name()));
            RunningPeers.Running r = now.get(p.name());
            if (change == PeerChange.ADDED || r == null) {
                // also a peer of the running version that could not start then: it is tried again
                add.add(c);
            } else if (change == PeerChange.SESSION || !Objects.equals(r.settings(), c.settings())) {
                // the resolved settings differ too when only the password behind an unchanged reference did
                reset.add(c);
            } else if (change == PeerChange.POLICY) {
                reconfigure.add(p);
            }
        }
        return new RunningPeers.Plan(diff.peersWith(PeerChange.REMOVED), reset, add, reconfigure);
    }

    /** For {@code /status}: the last reload's outcome. */
    public Map<String, Object> status() {
        Last l = last;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("valid", l == null || l.result().outcome() != Outcome.REFUSED);
        m.put("lastReload", l == null ? null : l.result().outcome().name().toLowerCase(Locale.ROOT));
        m.put("lastReloadAt", l == null ? null : l.at().toString());
        m.put("lastReloadDetails", l == null ? List.of() : l.result().details());
        return m;
    }
}
