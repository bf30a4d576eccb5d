package io.ovnbgp.ovsdb.nb;

import io.ovnbgp.ovsdb.client.OvsdbRemote;
import io.ovnbgp.ovsdb.client.TlsOptions;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How to reach OVN Northbound: the remote or RAFT members ({@code unix:}, {@code tcp:}, {@code ssl:}, comma
 * separated), TLS files for {@code ssl:}, timeouts, the inactivity probe, reconnect back-off, and whether writes
 * must go to the cluster leader (as ovn-nbctl's default, {@code --no-leader-only} turning it off), the monitor
 * method ({@link MonitorMode}) and what of the database to monitor ({@link NbScope}).
 */
public record NorthboundOptions(
        List<OvsdbRemote> remotes,
        TlsOptions tls,
        Duration connectTimeout,
        Duration rpcTimeout,
        Duration probeInterval,
        Duration minBackoff,
        Duration maxBackoff,
        boolean leaderOnly,
        MonitorMode monitorMode,
        NbScope scope) {
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_RPC_TIMEOUT = Duration.ofSeconds(30);
    public static final Duration DEFAULT_PROBE = Duration.ofSeconds(5);
    public static final Duration DEFAULT_MIN_BACKOFF = Duration.ofMillis(500);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);

    public NorthboundOptions {
        remotes = List.copyOf(remotes);
        if (remotes.isEmpty()) {
            throw new IllegalArgumentException("ovn.northbound: no remote given");
        }
        if (tls == null && remotes.stream().anyMatch(r -> r.kind() == OvsdbRemote.Kind.SSL)) {
            throw new IllegalArgumentException(
                    "ovn.northbound: ssl remotes need a private key, certificate and CA " + "certificate");
        }
        requirePositive(connectTimeout, "connect timeout");
        requirePositive(rpcTimeout, "rpc timeout");
        Objects.requireNonNull(probeInterval, "probe interval");
        if (probeInterval.isNegative()) {
            throw new IllegalArgumentException("ovn.northbound: probe interval must be >= 0 (0 = off)");
        }
        Objects.requireNonNull(monitorMode, "monitor mode");
        Objects.requireNonNull(scope, "scope");
        requirePositive(minBackoff, "minimum back-off");
        requirePositive(maxBackoff, "maximum back-off");
        if (maxBackoff.compareTo(minBackoff) < 0) {
            throw new IllegalArgumentException(
                    "ovn.northbound: maximum back-off " + maxBackoff + " is below the " + "minimum " + minBackoff);
        }
    }

    private static void requirePositive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("ovn.northbound: " + what + " must be positive, got " + d);
        }
    }

    /** {@code unix:PATH}, {@code tcp:H:P}, {@code ssl:H:P}, or a comma list of them, with the defaults. */
    public static NorthboundOptions parse(String remotes) {
        return parse(remotes, null);
    }

    public static NorthboundOptions parse(String remotes, TlsOptions tls) {
        return new NorthboundOptions(
                OvsdbRemote.parseList(remotes),
                tls,
                DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_RPC_TIMEOUT,
                DEFAULT_PROBE,
                DEFAULT_MIN_BACKOFF,
                DEFAULT_MAX_BACKOFF,
                true,
                MonitorMode.AUTO,
                NbScope.ALL);
    }

    public NorthboundOptions withTls(TlsOptions t) {
        return new NorthboundOptions(
                remotes,
                t,
                connectTimeout,
                rpcTimeout,
                probeInterval,
                minBackoff,
                maxBackoff,
                leaderOnly,
                monitorMode,
                scope);
    }

    public NorthboundOptions withTimeouts(Duration connect, Duration rpc) {
        return new NorthboundOptions(
                remotes, tls, connect, rpc, probeInterval, minBackoff, maxBackoff, leaderOnly, monitorMode, scope);
    }

    public NorthboundOptions withProbeInterval(Duration probe) {
        return new NorthboundOptions(
                remotes,
                tls,
                connectTimeout,
                rpcTimeout,
                probe,
                minBackoff,
                maxBackoff,
                leaderOnly,
                monitorMode,
                scope);
    }

    public NorthboundOptions withBackoff(Duration min, Duration max) {
        return new NorthboundOptions(
                remotes, tls, connectTimeout, rpcTimeout, probeInterval, min, max, leaderOnly, monitorMode, scope);
    }

    public NorthboundOptions withLeaderOnly(boolean only) {
        return new NorthboundOptions(
                remotes,
                tls,
                connectTimeout,
                rpcTimeout,
                probeInterval,
                minBackoff,
                maxBackoff,
                only,
                monitorMode,
                scope);
    }

    public NorthboundOptions withMonitorMode(MonitorMode mode) {
        return new NorthboundOptions(
                remotes,
                tls,
                connectTimeout,
                rpcTimeout,
                probeInterval,
                minBackoff,
                maxBackoff,
                leaderOnly,
                mode,
                scope);
    }

    public NorthboundOptions withScope(NbScope s) {
        return new NorthboundOptions(
                remotes,
                tls,
                connectTimeout,
                rpcTimeout,
                probeInterval,
                minBackoff,
                maxBackoff,
                leaderOnly,
                monitorMode,
                s);
    }
}
