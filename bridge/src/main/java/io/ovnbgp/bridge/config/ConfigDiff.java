package io.ovnbgp.bridge.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a new configuration changes against the one in force, in the terms a live reload acts on: fields that only
 * a restart can apply, and per peer (matched by name) whether it is new, gone, changed in its session, changed in
 * its policy alone, or untouched. Pure: passwords are compared as configured here ({@code password.file} /
 * {@code secretRef}); a changed password behind an unchanged reference is the daemon's to see.
 */
public record ConfigDiff(List<String> restartOnly, Map<String, PeerChange> peers) {

    /** What happens to one peer. */
    public enum PeerChange {
        /** Nothing changed: the session is left alone. */
        UNCHANGED,
        /** {@code receive}, {@code advertise} or {@code maxPrefixes} changed: applied on the running session. */
        POLICY,
        /** A session setting changed: the session is reset with Cease / Other Configuration Change (RFC 4486). */
        SESSION,
        /** Not in the running configuration: started. */
        ADDED,
        /** Not in the new configuration: shut down with Cease / Peer De-configured (RFC 4486). */
        REMOVED
    }

    public ConfigDiff {
        restartOnly = List.copyOf(restartOnly);
        peers = Collections.unmodifiableMap(new LinkedHashMap<>(peers));
    }

    public static ConfigDiff between(BridgeConfig running, BridgeConfig next) {
        return new ConfigDiff(restartOnly(running, next), peerChanges(running.peers(), next.peers()));
    }

    /** The paths of the changed fields that only a restart applies, in the configuration's order. */
    private static List<String> restartOnly(BridgeConfig running, BridgeConfig next) {
        List<String> restart = new ArrayList<>();
        // what the speaker, the NB connection, the HTTP server and the writer were built with
        restartOnly(restart, "nodeName", running.nodeName(), next.nodeName());
        restartOnly(restart, "localASN", running.localASN(), next.localASN());
        restartOnly(restart, "routerID", running.routerID(), next.routerID());
        restartOnly(restart, "listen", running.listen(), next.listen());
        ovnRestartOnly(restart, running.ovn(), next.ovn());
        restartOnly(restart, "metrics", running.metrics(), next.metrics());
        kubernetesRestartOnly(restart, running.kubernetes(), next.kubernetes());
        restartOnly(restart, "bestPath", running.bestPath(), next.bestPath());
        return restart;
    }

    private static void ovnRestartOnly(List<String> restart, BridgeConfig.Ovn running, BridgeConfig.Ovn next) {
        restartOnly(restart, "ovn.northbound", running.northbound(), next.northbound());
        restartOnly(restart, "ovn.northboundMonitor", running.northboundMonitor(), next.northboundMonitor());
        restartOnly(restart, "ovn.router", running.router(), next.router());
        restartOnly(restart, "ovn.outputPort", running.outputPort(), next.outputPort());
        restartOnly(restart, "ovn.maxRoutes", running.maxRoutes(), next.maxRoutes());
        restartOnly(restart, "ovn.bfd", running.bfd(), next.bfd());
        restartOnly(restart, "ovn.routeTable", running.routeTable(), next.routeTable());
        restartOnly(restart, "ovn.policy", running.policy(), next.policy());
        restartOnly(restart, "ovn.staleRouteTimeout", running.staleRouteTimeout(), next.staleRouteTimeout());
    }

    private static void kubernetesRestartOnly(
            List<String> restart, BridgeConfig.Kubernetes running, BridgeConfig.Kubernetes next) {
        restartOnly(restart, "kubernetes.enabled", running.enabled(), next.enabled());
        restartOnly(restart, "kubernetes.kubeconfig", running.kubeconfig(), next.kubeconfig());
        // originated once at start, and what the Service watcher was built with
        restartOnly(restart, "kubernetes.serviceCIDRs", running.serviceCIDRs(), next.serviceCIDRs());
    }

    /** Per peer name: gone ones first, then every peer of the new configuration in its order. */
    private static Map<String, PeerChange> peerChanges(List<BridgeConfig.Peer> running, List<BridgeConfig.Peer> next) {
        Map<String, PeerChange> peers = new LinkedHashMap<>();
        Map<String, BridgeConfig.Peer> before = byName(running);
        Map<String, BridgeConfig.Peer> after = byName(next);
        for (String name : before.keySet()) {
            if (!after.containsKey(name)) {
                peers.put(name, PeerChange.REMOVED);
            }
        }
        for (BridgeConfig.Peer p : after.values()) {
            BridgeConfig.Peer old = before.get(p.name());
            peers.put(p.name(), old == null ? PeerChange.ADDED : change(old, p));
        }
        return peers;
    }

    /** True when a reload would change nothing at all. */
    public boolean isEmpty() {
        return restartOnly.isEmpty() && peers.values().stream().allMatch(c -> c == PeerChange.UNCHANGED);
    }

    public List<String> peersWith(PeerChange change) {
        return peers.entrySet().stream()
                .filter(e -> e.getValue() == change)
                .map(Map.Entry::getKey)
                .toList();
    }

    static PeerChange change(BridgeConfig.Peer old, BridgeConfig.Peer p) {
        if (!sessionPart(old).equals(sessionPart(p))) {
            return PeerChange.SESSION;
        }
        if (!Objects.equals(old.receive(), p.receive())
                || !Objects.equals(old.advertise(), p.advertise())
                || !Objects.equals(old.maxPrefixes(), p.maxPrefixes())) {
            return PeerChange.POLICY;
        }
        return PeerChange.UNCHANGED;
    }

    /** Everything the OPEN, the TCP connection and the FSM timers depend on. */
    private static List<Object> sessionPart(BridgeConfig.Peer p) {
        return Arrays.asList(
                p.address(),
                p.port(),
                p.asn(),
                p.sourceAddress(),
                p.password(),
                p.holdTime(),
                p.keepaliveTime(),
                p.connectRetryTime(),
                p.ebgpMultihop(),
                p.ttlSecurity(),
                p.gracefulRestart(),
                Set.copyOf(p.families()),
                p.passive());
    }

    private static void restartOnly(List<String> out, String path, Object running, Object next) {
        if (!Objects.equals(running, next)) {
            out.add(path);
        }
    }

    private static Map<String, BridgeConfig.Peer> byName(List<BridgeConfig.Peer> peers) {
        Map<String, BridgeConfig.Peer> m = new LinkedHashMap<>();
        for (BridgeConfig.Peer p : peers) {
            m.put(p.name(), p);
        }
        return m;
    }
}
