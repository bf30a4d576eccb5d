package io.ovnbgp.bgp.fsm;

import io.ovnbgp.bgp.wire.AfiSafi;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Set;

/**
 * One peer as the speaker needs it. Times in whole seconds where the protocol carries seconds.
 *
 * @param localAddress    source address for outgoing connections, or null for the kernel's choice
 * @param md5Password     RFC 2385 TCP-MD5 key, or null
 * @param ttlHops         eBGP multihop: the TTL we send with (1 = directly connected); ignored for iBGP
 * @param ttlSecurity     RFC 5082 GTSM: send with TTL 255, drop what arrives below 256 - ttlHops
 * @param gracefulRestart advertise the RFC 4724 capability with this restart time; null to not advertise it
 */
public record PeerSettings(
        String name,
        InetAddress remoteAddress,
        int remotePort,
        InetAddress localAddress,
        long localAs,
        long remoteAs,
        int routerId,
        int holdTimeSeconds,
        int keepaliveSeconds,
        Duration connectRetryTime,
        boolean passive,
        String md5Password,
        int ttlHops,
        boolean ttlSecurity,
        Set<AfiSafi> families,
        Duration gracefulRestart) {

    public PeerSettings {
        families = Set.copyOf(families);
        if (holdTimeSeconds != 0 && (holdTimeSeconds < 3 || holdTimeSeconds > 65535)) {
            throw new IllegalArgumentException("hold time " + holdTimeSeconds + " s: 0 or 3-65535 (RFC 4271)");
        }
        if (ttlHops < 1 || ttlHops > 255) {
            throw new IllegalArgumentException("TTL hops " + ttlHops + " outside 1-255");
        }
    }

    public boolean isEbgp() {
        return localAs != remoteAs;
    }

    /** A peer with RFC 4271's suggested timers and IPv4/IPv6 unicast, for tests and simple set-ups. */
    public static PeerSettings basic(
            String name, InetAddress remote, int port, long localAs, long remoteAs, int routerId) {
        return new PeerSettings(
                name,
                remote,
                port,
                null,
                localAs,
                remoteAs,
                routerId,
                90,
                30,
                Duration.ofSeconds(5),
                false,
                null,
                1,
                false,
                Set.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST),
                Duration.ofSeconds(120));
    }

    public PeerSettings withLocalAddress(InetAddress a) {
        return new PeerSettings(
                name,
                remoteAddress,
                remotePort,
                a,
                localAs,
                remoteAs,
                routerId,
                holdTimeSeconds,
                keepaliveSeconds,
                connectRetryTime,
                passive,
                md5Password,
                ttlHops,
                ttlSecurity,
                families,
                gracefulRestart);
    }

    public PeerSettings withTimers(int hold, int keepalive, Duration connectRetry) {
        return new PeerSettings(
                name,
                remoteAddress,
                remotePort,
                localAddress,
                localAs,
                remoteAs,
                routerId,
                hold,
                keepalive,
                connectRetry,
                passive,
                md5Password,
                ttlHops,
                ttlSecurity,
                families,
                gracefulRestart);
    }

    public PeerSettings withPassive(boolean p) {
        return new PeerSettings(
                name,
                remoteAddress,
                remotePort,
                localAddress,
                localAs,
                remoteAs,
                routerId,
                holdTimeSeconds,
                keepaliveSeconds,
                connectRetryTime,
                p,
                md5Password,
                ttlHops,
                ttlSecurity,
                families,
                gracefulRestart);
    }

    public PeerSettings withMd5Password(String pw) {
        return new PeerSettings(
                name,
                remoteAddress,
                remotePort,
                localAddress,
                localAs,
                remoteAs,
                routerId,
                holdTimeSeconds,
                keepaliveSeconds,
                connectRetryTime,
                passive,
                pw,
                ttlHops,
                ttlSecurity,
                families,
                gracefulRestart);
    }

    public PeerSettings withTtl(int hops, boolean security) {
        return new PeerSettings(
                name,
                remoteAddress,
                remotePort,
                localAddress,
                localAs,
                remoteAs,
                routerId,
                holdTimeSeconds,
                keepaliveSeconds,
                connectRetryTime,
                passive,
                md5Password,
                hops,
                security,
                families,
                gracefulRestart);
    }

    public PeerSettings withFamilies(Set<AfiSafi> f) {
        return new PeerSettings(
                name,
                remoteAddress,
                remotePort,
                localAddress,
                localAs,
                remoteAs,
                routerId,
                holdTimeSeconds,
                keepaliveSeconds,
                connectRetryTime,
                passive,
                md5Password,
                ttlHops,
                ttlSecurity,
                f,
                gracefulRestart);
    }

    public PeerSettings withGracefulRestart(Duration restartTime) {
        return new PeerSettings(
                name,
                remoteAddress,
                remotePort,
                localAddress,
                localAs,
                remoteAs,
                routerId,
                holdTimeSeconds,
                keepaliveSeconds,
                connectRetryTime,
                passive,
                md5Password,
                ttlHops,
                ttlSecurity,
                families,
                restartTime);
    }
}
