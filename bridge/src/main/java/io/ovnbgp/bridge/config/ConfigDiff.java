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
        List<String> restart = new ArrayList<>();
        // what the speaker, the NB connection, the HTTP server and the writer were built with
        restartOnly(restart, "nodeName", running.nodeName(), next.nodeName());
        restartOnly(restart, "localASN", running.localASN(), next.localASN());
        restartOnly(restart, "routerID", running.routerID(), next.routerID());
        restartOnly(restart, "listen", running.listen(), next.listen());
        restartOnly(
                restart,
                "ovn.northbound",
                running.ovn().northbound(),
                next.ovn().northbound());
        restartOnly(restart, "ovn.router", running.ovn().router(), next.ovn().router());
        restartOnly(
                restart,
                "ovn.outputPort",
                running.ovn().outputPort(),
                next.ovn().outputPort());
        restartOnly(
                restart, "ovn.maxRoutes", running.ovn().maxRoutes(), next.ovn().maxRoutes());
        restartOnly(restart, "ovn.bfd", running.ovn().bfd(), next.ovn().bfd());
        restartOnly(
                restart,
                "ovn.routeTable",
                running.ovn().routeTable(),
                next.ovn().routeTable());
        restartOnly(restart, "ovn.policy", running.ovn().policy(), next.ovn().policy());
        restartOnly(
                restart,
                "ovn.staleRouteTimeout",
                running.ovn().staleRouteTimeout(),
                next.ovn().staleRouteTimeout());
        restartOnly(restart, "metrics", running.metrics(), next.metrics());
        restartOnly(
                restart,
                "kubernetes.enabled",
                running.kubernetes().enabled(),
                next.kubernetes().enabled());
        restartOnly(
                restart,
                "kubernetes.kubeconfig",
                running.kubernetes().kubeconfig(),
                next.kubernetes().kubeconfig());
        // originated once at start, and what the Service watcher was built with
        restartOnly(
                restart,
                "kubernetes.serviceCIDRs",
                running.kubernetes().serviceCIDRs(),
                next.kubernetes().serviceCIDRs());
        restartOnly(restart, "bestPath", running.bestPath(), next.bestPath());

        Map<String, PeerChange> peers = new LinkedHashMap<>();
        Map<String, BridgeConfig.Peer> before = byName(running.peers());
        Map<String, BridgeConfig.Peer> after = byName(next.peers());
        for (String name : before.keySet()) {
            if (!after.containsKey(name)) {
                peers.put(name, PeerChange.REMOVED);
            }
        }
        for (BridgeConfig.Peer p : after.values()) {
            BridgeConfig.Peer old = before.get(p.name());
            peers.put(p.name(), old == null ? PeerChange.ADDED : change(old, p));
        }
        return new ConfigDiff(restart, peers);
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
