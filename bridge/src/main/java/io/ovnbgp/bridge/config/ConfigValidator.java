package io.ovnbgp.bridge.config;

import com.google.common.net.InetAddresses;
import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bridge.config.BridgeConfig.Peer;
import io.ovnbgp.bridge.config.ConfigException.Problem;
import io.ovnbgp.ovsdb.client.OvsdbRemote;
import io.ovnbgp.ovsdb.nb.MonitorMode;
import java.net.Inet4Address;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/** Checks every value of a {@link BridgeConfig} and reports each problem with its path, all at once. */
public final class ConfigValidator {
    public static final Set<String> FAMILIES = Set.of("ipv4-unicast", "ipv6-unicast");
    public static final Set<String> RECEIVE_MODES = Set.of("none", "all", "filtered");
    public static final Set<String> MAX_PREFIX_ACTIONS = Set.of("teardown", "warn");
    public static final Set<String> POLICIES = Set.of("dst-ip", "src-ip");
    /** RFC 1997 and RFC 7999 names administrators use in router configurations. */
    public static final Map<String, Long> WELL_KNOWN_COMMUNITIES = Map.of(
            "no-export",
            0xFFFFFF01L,
            "no-advertise",
            0xFFFFFF02L,
            "no-export-subconfed",
            0xFFFFFF03L,
            "local-as",
            0xFFFFFF03L,
            "graceful-shutdown",
            0xFFFF0000L,
            "blackhole",
            0xFFFF029AL);

    private static final long AS_TRANS = 23456;
    private static final Pattern NAME = Pattern.compile("[a-z0-9]([-a-z0-9.]{0,61}[a-z0-9])?");

    private final List<Problem> problems = new ArrayList<>();

    private ConfigValidator() {}

    public static List<Problem> validate(BridgeConfig c) {
        ConfigValidator v = new ConfigValidator();
        v.check(c);
        return List.copyOf(v.problems);
    }

    /**
     * What is valid but probably not meant, for {@code validate} to print and the daemon to log: a peer that
     * neither receives nor advertises anything (RFC 8212's default for a peer without {@code receive} and
     * {@code advertise}) keeps a session and does nothing else.
     */
    public static List<String> notes(BridgeConfig c) {
        List<String> notes = new ArrayList<>();
        for (int i = 0; i < c.peers().size(); i++) {
            Peer p = c.peers().get(i);
            BridgeConfig.Advertise a = p.advertise();
            boolean advertises =
                    a.podNetwork() || a.loadBalancerIPs() || a.externalIPs() || a.nodeIP() || a.clusterIPs();
            if ("none".equals(p.receive().mode()) && !advertises) {
                notes.add("peers[" + i + "] (" + p.name() + "): receives nothing (receive.mode none) and advertises"
                        + " nothing (no advertise switch on): the session carries no route either way");
            }
            if (a.clusterIPs() && !Boolean.TRUE.equals(c.kubernetes().enabled())) {
                notes.add("peers[" + i + "] (" + p.name() + "): advertise.clusterIPs without the Kubernetes API"
                        + " (kubernetes.enabled false): only kubernetes.serviceCIDRs are advertised, no ClusterIP"
                        + " of a Service with externalTrafficPolicy Local");
            }
        }
        return notes;
    }

    private void fail(String path, String reason) {
        problems.add(new Problem(path, reason));
    }

    private void check(BridgeConfig c) {
        if (c.nodeName() == null || c.nodeName().isBlank()) {
            fail(
                    "nodeName",
                    "required: set it, or NODE_NAME in the environment (the DaemonSet sets it from spec.nodeName)");
        }
        checkAsn("localASN", c.localASN(), true);
        if (c.routerID() == null) {
            fail("routerID", "required: this node has no IPv4 address to take it from");
        } else if (!isIpv4(c.routerID()) || c.routerID().equals("0.0.0.0")) {
            fail("routerID", "'" + c.routerID() + "' is not a non-zero IPv4 address (RFC 4271 BGP Identifier)");
        }
        checkAddress("listen.address", c.listen().address());
        checkPort("listen.port", c.listen().port(), true);
        checkOvn(c.ovn());
        checkAddress("metrics.address", c.metrics().address());
        checkPort("metrics.port", c.metrics().port(), true);
        if (c.bestPath().maxPaths() < 1 || c.bestPath().maxPaths() > 256) {
            fail("bestPath.maxPaths", c.bestPath().maxPaths() + " is outside 1-256 (1: no ECMP)");
        }
        checkServiceCidrs(c.kubernetes().serviceCIDRs());
        if (c.kubernetes().kubeconfig() != null) {
            Path kc = Path.of(c.kubernetes().kubeconfig());
            if (!Files.isReadable(kc) || Files.isDirectory(kc)) {
                fail("kubernetes.kubeconfig", "cannot read '" + kc + "'");
            }
        }

        Map<String, Integer> names = new HashMap<>();
        Map<String, Integer> addresses = new HashMap<>();
        for (int i = 0; i < c.peers().size(); i++) {
            String p = "peers[" + i + "]";
            Peer peer = c.peers().get(i);
            if (peer == null) {
                fail(p, "empty peer");
                continue;
            }
            checkPeer(p, peer, c.localASN());
            if (peer.advertise().clusterIPs() && c.kubernetes().serviceCIDRs().isEmpty()) {
                fail(
                        p + ".advertise.clusterIPs",
                        "advertising ClusterIPs needs kubernetes.serviceCIDRs (the"
                                + " cluster's Service CIDR, as kube-apiserver's --service-cluster-ip-range)");
            }
            if (peer.name() != null) {
                Integer other = names.putIfAbsent(peer.name(), i);
                if (other != null) {
                    fail(p + ".name", "'" + peer.name() + "' is already the name of peers[" + other + "]");
                }
            }
            if (peer.address() != null && isIp(peer.address())) {
                String key = InetAddresses.toAddrString(InetAddresses.forString(peer.address()));
                Integer other = addresses.putIfAbsent(key, i);
                if (other != null) {
                    fail(p + ".address", peer.address() + " is already the address of peers[" + other + "]");
                }
            }
        }
    }

    private void checkOvn(BridgeConfig.Ovn o) {
        try {
            OvsdbRemote.parseList(o.northbound());
        } catch (IllegalArgumentException e) {
            fail("ovn.northbound", e.getMessage());
        }
        try {
            MonitorMode.parse(o.northboundMonitor());
        } catch (IllegalArgumentException e) {
            fail("ovn.northboundMonitor", e.getMessage());
        }
        if (o.router().isBlank()) {
            fail("ovn.router", "required: the logical router that receives the routes (e.g. GR_{node})");
        }
        if (o.maxRoutes() < 1) {
            fail("ovn.maxRoutes", o.maxRoutes() + " is below 1");
        }
        if (!POLICIES.contains(o.policy())) {
            fail("ovn.policy", "'" + o.policy() + "' is not one of " + sorted(POLICIES));
        }
        if (o.staleRouteTimeout().isNegative()) {
            fail("ovn.staleRouteTimeout", o.staleRouteTimeout() + " is negative");
        }
        BridgeConfig.Bfd b = o.bfd();
        // the ranges OVN's BFD table accepts
        if (b.minTx() < 1) {
            fail("ovn.bfd.minTx", b.minTx() + " ms is below 1");
        }
        if (b.minRx() < 0) {
            fail("ovn.bfd.minRx", b.minRx() + " ms is below 0");
        }
        if (b.detectMult() < 1 || b.detectMult() > 255) {
            fail("ovn.bfd.detectMult", b.detectMult() + " is outside 1-255");
        }
        if (b.enabled() && o.outputPort().isBlank()) {
            fail("ovn.bfd.enabled", "BFD needs ovn.outputPort: OVN runs BFD on a logical router port");
        }
    }

    /**
     * Each must be a prefix; a zero length is refused too: "the Service CIDR" 0.0.0.0/0 would advertise a default
     * route to every peer with {@code advertise.clusterIPs}, which is never what a cluster's range means.
     */
    private void checkServiceCidrs(List<String> cidrs) {
        for (int i = 0; i < cidrs.size(); i++) {
            String q = "kubernetes.serviceCIDRs[" + i + "]";
            String cidr = cidrs.get(i);
            if (cidr == null) {
                fail(q, "required");
            } else if (prefixLength(q, cidr) == 0) {
                fail(q, "'" + cidr + "' is a default route, not a Service CIDR");
            }
        }
    }

    private void checkPeer(String p, Peer peer, Long localAsn) {
        if (peer.name() == null || peer.name().isBlank()) {
            fail(p + ".name", "required");
        } else if (!NAME.matcher(peer.name()).matches()) {
            fail(p + ".name", "'" + peer.name() + "' must be lower-case letters, digits, '-' or '.', as a DNS label");
        }
        if (peer.address() == null) {
            fail(p + ".address", "required");
        } else if (!isIp(peer.address())) {
            fail(p + ".address", "'" + peer.address() + "' is not an IPv4 or IPv6 address");
        }
        checkPort(p + ".port", peer.port(), false);
        checkAsn(p + ".asn", peer.asn(), true);
        if (peer.sourceAddress() != null) {
            checkAddress(p + ".sourceAddress", peer.sourceAddress());
            if (peer.address() != null
                    && isIp(peer.address())
                    && isIp(peer.sourceAddress())
                    && isIpv4(peer.address()) != isIpv4(peer.sourceAddress())) {
                fail(
                        p + ".sourceAddress",
                        peer.sourceAddress() + " and the peer's address " + peer.address()
                                + " are not of the same IP version");
            }
        }
        if (peer.password() != null) {
            checkPassword(p + ".password", peer.password());
        }
        checkTimers(p, peer);
        if (peer.ebgpMultihop() < 1 || peer.ebgpMultihop() > 255) {
            fail(p + ".ebgpMultihop", peer.ebgpMultihop() + " is outside 1-255");
        }
        if (peer.gracefulRestart().restartTime().isNegative()
                || peer.gracefulRestart().restartTime().toSeconds() > 4095) {
            fail(
                    p + ".gracefulRestart.restartTime",
                    DurationText.format(peer.gracefulRestart().restartTime())
                            + " is outside 0s-4095s (RFC 4724: a 12-bit field)");
        }
        if (peer.families().isEmpty()) {
            fail(p + ".families", "at least one of " + sorted(FAMILIES));
        }
        for (int f = 0; f < peer.families().size(); f++) {
            String fam = peer.families().get(f);
            if (!FAMILIES.contains(fam)) {
                fail(p + ".families[" + f + "]", "'" + fam + "' is not one of " + sorted(FAMILIES));
            }
        }
        if (peer.maxPrefixes().limit() < 1) {
            fail(p + ".maxPrefixes.limit", peer.maxPrefixes().limit() + " is below 1");
        }
        if (!MAX_PREFIX_ACTIONS.contains(peer.maxPrefixes().action())) {
            fail(
                    p + ".maxPrefixes.action",
                    "'" + peer.maxPrefixes().action() + "' is not one of " + sorted(MAX_PREFIX_ACTIONS));
        }
        checkReceive(p + ".receive", peer.receive());
        checkAdvertise(p + ".advertise", peer.advertise());
    }

    private void checkPassword(String p, BridgeConfig.Password pw) {
        if ((pw.secretRef() == null) == (pw.file() == null)) {
            fail(p, "give exactly one of secretRef or file");
        } else if (pw.secretRef() != null) {
            if (pw.secretRef().name() == null || pw.secretRef().name().isBlank()) {
                fail(p + ".secretRef.name", "required");
            }
            if (pw.secretRef().key() == null || pw.secretRef().key().isBlank()) {
                fail(p + ".secretRef.key", "required");
            }
        } else if (pw.file().isBlank()) {
            fail(p + ".file", "empty path");
        }
    }

    private void checkTimers(String p, Peer peer) {
        long hold = peer.holdTime().toMillis();
        // RFC 4271 §4.2: zero, or at least three seconds; the field is 16 bits of seconds
        if (hold != 0 && (hold < 3000 || peer.holdTime().toSeconds() > 65535 || hold % 1000 != 0)) {
            fail(
                    p + ".holdTime",
                    DurationText.format(peer.holdTime()) + " must be 0s or whole seconds from 3s to 65535s (RFC 4271)");
        }
        long ka = peer.keepaliveTime().toMillis();
        if (ka < 0 || ka % 1000 != 0) {
            fail(p + ".keepaliveTime", DurationText.format(peer.keepaliveTime()) + " must be whole seconds");
        } else if (hold > 0 && ka >= hold) {
            fail(
                    p + ".keepaliveTime",
                    DurationText.format(peer.keepaliveTime()) + " must be shorter than holdTime "
                            + DurationText.format(peer.holdTime()));
        }
        if (peer.connectRetryTime().compareTo(Duration.ofSeconds(1)) < 0) {
            fail(p + ".connectRetryTime", DurationText.format(peer.connectRetryTime()) + " is below 1s");
        }
    }

    private void checkReceive(String p, BridgeConfig.Receive r) {
        if (!RECEIVE_MODES.contains(r.mode())) {
            fail(p + ".mode", "'" + r.mode() + "' is not one of " + sorted(RECEIVE_MODES));
        }
        if ("filtered".equals(r.mode()) && r.prefixes().isEmpty()) {
            fail(p + ".prefixes", "mode filtered needs at least one prefix");
        }
        for (int i = 0; i < r.prefixes().size(); i++) {
            String q = p + ".prefixes[" + i + "]";
            BridgeConfig.PrefixFilter f = r.prefixes().get(i);
            if (f == null || f.prefix() == null) {
                fail(q + ".prefix", "required");
                continue;
            }
            int len = prefixLength(q + ".prefix", f.prefix());
            if (len < 0) {
                continue;
            }
            int max = f.prefix().contains(":") ? 128 : 32;
            int ge = f.ge() == null ? len : f.ge();
            int le = f.le() == null ? (f.ge() == null ? len : max) : f.le();
            if (f.ge() != null && (ge < len || ge > max)) {
                fail(q + ".ge", ge + " must be from the prefix length " + len + " to " + max);
            }
            if (f.le() != null && (le < ge || le > max)) {
                fail(q + ".le", le + " must be from " + ge + " to " + max);
            }
        }
        if (r.setLocalPref() != null && (r.setLocalPref() < 0 || r.setLocalPref() > 0xFFFFFFFFL)) {
            fail(p + ".setLocalPref", r.setLocalPref() + " is outside 0-4294967295");
        }
    }

    private void checkAdvertise(String p, BridgeConfig.Advertise a) {
        for (int i = 0; i < a.communities().size(); i++) {
            String c = a.communities().get(i);
            String q = p + ".communities[" + i + "]";
            if (c == null || !(WELL_KNOWN_COMMUNITIES.containsKey(c) || isPairOf(c, 0xFFFFL, 2))) {
                fail(
                        q,
                        "'" + c + "' is not ASN:VALUE with both 0-65535, nor one of "
                                + sorted(WELL_KNOWN_COMMUNITIES.keySet()) + " (RFC 1997)");
            }
        }
        for (int i = 0; i < a.largeCommunities().size(); i++) {
            String c = a.largeCommunities().get(i);
            if (c == null || !isPairOf(c, 0xFFFFFFFFL, 3)) {
                fail(
                        p + ".largeCommunities[" + i + "]",
                        "'" + c + "' is not GLOBAL:LOCAL1:LOCAL2 with each 0-4294967295 (RFC 8092)");
            }
        }
        if (a.nextHop() != null && !isIpv4(a.nextHop())) {
            fail(p + ".nextHop", "'" + a.nextHop() + "' is not an IPv4 address");
        }
        if (a.nextHop6() != null && (!isIp(a.nextHop6()) || isIpv4(a.nextHop6()))) {
            fail(p + ".nextHop6", "'" + a.nextHop6() + "' is not an IPv6 address");
        }
        if (a.asPathPrepend() < 0 || a.asPathPrepend() > 10) {
            fail(p + ".asPathPrepend", a.asPathPrepend() + " is outside 0-10");
        }
    }

    private static boolean isPairOf(String s, long max, int parts) {
        String[] f = s.split(":", -1);
        if (f.length != parts) {
            return false;
        }
        for (String x : f) {
            if (!x.matches("\\d{1,10}") || Long.parseLong(x) > max) {
                return false;
            }
        }
        return true;
    }

    /** Returns the prefix length, or -1 after reporting why the prefix is not one. */
    /** The length of a prefix as {@link Prefix#parse} reads it, or -1 after failing {@code path} with the reason. */
    private int prefixLength(String path, String prefix) {
        try {
            return Prefix.parse(prefix).length();
        } catch (IllegalArgumentException e) {
            fail(path, "'" + prefix + "'" + whyNotPrefix(prefix));
            return -1;
        }
    }

    /** Why {@link Prefix#parse} refused {@code text}, in the words administrators are shown. */
    private static String whyNotPrefix(String text) {
        int slash = text.indexOf('/');
        String length = slash < 0 ? "" : text.substring(slash + 1);
        IpAddress address;
        try {
            address = slash < 0 ? null : IpAddress.parse(text.substring(0, slash));
        } catch (IllegalArgumentException e) {
            address = null;
        }
        if (address == null || !length.matches("\\d{1,3}")) {
            return " is not an address/length prefix";
        }
        int len = Integer.parseInt(length);
        int max = address.v6() ? 128 : 32;
        return len > max ? ": length " + len + " is over " + max : " has host bits set beyond /" + len;
    }

    private void checkAsn(String path, Long asn, boolean required) {
        if (asn == null) {
            if (required) {
                fail(path, "required");
            }
            return;
        }
        if (asn < 1 || asn > 0xFFFFFFFFL) {
            fail(path, asn + " is outside 1-4294967295");
        } else if (asn == AS_TRANS) {
            fail(path, "23456 is AS_TRANS (RFC 6793), not a usable AS number");
        }
    }

    private void checkPort(String path, Integer port, boolean zeroAllowed) {
        if (port < (zeroAllowed ? 0 : 1) || port > 65535) {
            fail(path, port + " is outside " + (zeroAllowed ? 0 : 1) + "-65535");
        }
    }

    private void checkAddress(String path, String address) {
        if (address == null || !isIp(address)) {
            fail(path, "'" + address + "' is not an IPv4 or IPv6 address");
        }
    }

    private static boolean isIp(String s) {
        return s != null && InetAddresses.isInetAddress(s);
    }

    private static boolean isIpv4(String s) {
        return isIp(s) && InetAddresses.forString(s) instanceof Inet4Address;
    }

    private static String sorted(Set<String> s) {
        return String.join(", ", new TreeSet<>(s));
    }
}
