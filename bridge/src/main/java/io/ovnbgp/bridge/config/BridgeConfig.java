package io.ovnbgp.bridge.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The daemon's configuration, as the ConfigMap key {@code config.yaml} spells it. Field names are a contract
 * that manifests and users depend on: add fields, rename none. Absent fields take the documented defaults in
 * each record's constructor; {@link ConfigValidator} then checks every value and names its path.
 */
public record BridgeConfig(
        String nodeName,
        Long localASN,
        String routerID,
        Listen listen,
        Ovn ovn,
        Metrics metrics,
        List<Peer> peers,
        Kubernetes kubernetes,
        BestPath bestPath) {

    public BridgeConfig {
        listen = listen == null ? new Listen(null, null) : listen;
        ovn = ovn == null ? new Ovn(null, null, null, null, null, null, null, null, null) : ovn;
        metrics = metrics == null ? new Metrics(null, null) : metrics;
        peers = peers == null ? List.of() : List.copyOf(peers);
        kubernetes = kubernetes == null ? new Kubernetes(null, null, null) : kubernetes;
        bestPath = bestPath == null ? new BestPath(null, null, null) : bestPath;
    }

    /**
     * How learned paths form a prefix's ECMP set. {@code multipathRelax} (default on, as FRR's {@code datacenter}
     * profile): paths whose AS_PATHs differ but are of equal length share the set, so that two upstream routers in
     * two ASes both carry traffic, which is the only use of learned routes here. {@code maxPaths}: the most next
     * hops written for a prefix. {@code alwaysCompareMed}: compare MED across neighbour ASes too.
     */
    public record BestPath(Boolean multipathRelax, Integer maxPaths, Boolean alwaysCompareMed) {
        public BestPath {
            multipathRelax = multipathRelax == null || multipathRelax;
            maxPaths = maxPaths == null ? 8 : maxPaths;
            alwaysCompareMed = alwaysCompareMed != null && alwaysCompareMed;
        }
    }

    /**
     * Where the Service, EndpointSlice and Node watchers connect. {@code enabled} left out means: on when running
     * in a Pod (the service account) or when {@code kubeconfig} is given; off otherwise, and then only NB's Pod
     * subnets are advertised.
     *
     * <p>{@code serviceCIDRs}: the cluster's Service CIDR(s), as kube-apiserver's {@code --service-cluster-ip-range}
     * (one per family when dual-stack). Configuration rather than API state, since the API does not tell them
     * everywhere: originated as they are for peers with {@code advertise.clusterIPs}, and the only ranges a
     * Service's ClusterIP is ever advertised from. Null entries are kept for the validator to name.
     */
    public record Kubernetes(Boolean enabled, String kubeconfig, List<String> serviceCIDRs) {
        public Kubernetes {
            serviceCIDRs =
                    serviceCIDRs == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(serviceCIDRs));
        }
    }

    public record Listen(String address, Integer port) {
        public Listen {
            address = address == null ? "0.0.0.0" : address;
            port = port == null ? 179 : port;
        }
    }

    public record Ovn(
            String northbound,
            String northboundMonitor,
            String router,
            String outputPort,
            Integer maxRoutes,
            Bfd bfd,
            String routeTable,
            String policy,
            Duration staleRouteTimeout) {
        public static final String DEFAULT_NORTHBOUND = "unix:/var/run/ovn/ovnnb_db.sock";

        public Ovn {
            northbound = northbound == null ? DEFAULT_NORTHBOUND : northbound;
            // the newest monitor method the server offers; the others are for servers that misbehave with it
            northboundMonitor = northboundMonitor == null ? "auto" : northboundMonitor;
            router = router == null ? "GR_{node}" : router;
            outputPort = outputPort == null ? "" : outputPort;
            maxRoutes = maxRoutes == null ? 10_000 : maxRoutes;
            bfd = bfd == null ? new Bfd(null, null, null, null) : bfd;
            routeTable = routeTable == null ? "" : routeTable;
            policy = policy == null ? "dst-ip" : policy;
            // after a restart, how long adopted rows that BGP has not confirmed are kept when some peer never
            // sends End-of-RIB
            staleRouteTimeout = staleRouteTimeout == null ? Duration.ofSeconds(120) : staleRouteTimeout;
        }

        /** The router name with {@code {node}} replaced. */
        public String routerFor(String node) {
            return router.replace("{node}", node);
        }

        public String outputPortFor(String node) {
            return outputPort.replace("{node}", node);
        }
    }

    public record Bfd(Boolean enabled, Integer minTx, Integer minRx, Integer detectMult) {
        public Bfd {
            enabled = enabled != null && enabled;
            minTx = minTx == null ? 300 : minTx;
            minRx = minRx == null ? 300 : minRx;
            detectMult = detectMult == null ? 3 : detectMult;
        }
    }

    public record Metrics(String address, Integer port) {
        public Metrics {
            address = address == null ? "127.0.0.1" : address;
            port = port == null ? 9473 : port;
        }
    }

    public record Peer(
            String name,
            String address,
            Integer port,
            Long asn,
            String sourceAddress,
            Password password,
            Duration holdTime,
            Duration keepaliveTime,
            Duration connectRetryTime,
            Integer ebgpMultihop,
            Boolean ttlSecurity,
            GracefulRestart gracefulRestart,
            List<String> families,
            MaxPrefixes maxPrefixes,
            Receive receive,
            Advertise advertise,
            Boolean passive) {
        public Peer {
            port = port == null ? 179 : port;
            holdTime = holdTime == null ? Duration.ofSeconds(90) : holdTime;
            // RFC 4271 §10 suggests a keepalive of a third of the hold time
            keepaliveTime = keepaliveTime == null ? holdTime.dividedBy(3) : keepaliveTime;
            connectRetryTime = connectRetryTime == null ? Duration.ofSeconds(5) : connectRetryTime;
            ebgpMultihop = ebgpMultihop == null ? 1 : ebgpMultihop;
            ttlSecurity = ttlSecurity != null && ttlSecurity;
            gracefulRestart = gracefulRestart == null ? new GracefulRestart(null, null) : gracefulRestart;
            families = families == null ? List.of("ipv4-unicast", "ipv6-unicast") : List.copyOf(families);
            maxPrefixes = maxPrefixes == null ? new MaxPrefixes(null, null) : maxPrefixes;
            receive = receive == null ? new Receive(null, null, null) : receive;
            // RFC 8212: a peer without an advertise section is sent nothing
            advertise = advertise == null
                    ? new Advertise(null, null, null, null, null, null, null, null, null, null)
                    : advertise;
            passive = passive != null && passive;
        }
    }

    /** Exactly one of the two: a Kubernetes Secret key, or a file (e.g. a mounted Secret). */
    public record Password(SecretRef secretRef, String file) {}

    public record SecretRef(String name, String key) {}

    public record GracefulRestart(Boolean enabled, Duration restartTime) {
        public GracefulRestart {
            enabled = enabled == null || enabled;
            restartTime = restartTime == null ? Duration.ofSeconds(120) : restartTime;
        }
    }

    public record MaxPrefixes(Integer limit, String action) {
        public MaxPrefixes {
            limit = limit == null ? 1000 : limit;
            action = action == null ? "teardown" : action;
        }
    }

    /** What to accept from a peer. Safe by default: nothing (RFC 8212's spirit). */
    public record Receive(String mode, List<PrefixFilter> prefixes, Long setLocalPref) {
        public Receive {
            mode = mode == null ? "none" : mode;
            prefixes = prefixes == null ? List.of() : List.copyOf(prefixes);
        }
    }

    public record PrefixFilter(String prefix, Integer ge, Integer le) {}

    /**
     * What to announce to a peer: only locally originated prefixes, never a learned route, and only the kinds
     * switched on here (RFC 8212's spirit: every switch is off unless set, and a peer without this section is sent
     * nothing). {@code clusterIPs}: the {@code kubernetes.serviceCIDRs}, and the ClusterIPs of Services with
     * {@code externalTrafficPolicy: Local} as host routes while this node has a ready endpoint of theirs (as
     * Calico's {@code serviceClusterIPs}). {@code nextHop} /
     * {@code nextHop6}, when either is set, replace next-hop-self (the session's local address): IPv4 / IPv6
     * prefixes go out with them, and a family given none is not advertised to that peer. For sessions that run
     * over another address than the one traffic should reach.
     */
    public record Advertise(
            Boolean podNetwork,
            Boolean loadBalancerIPs,
            Boolean externalIPs,
            Boolean nodeIP,
            Boolean clusterIPs,
            List<String> communities,
            List<String> largeCommunities,
            Integer asPathPrepend,
            String nextHop,
            String nextHop6) {
        public Advertise {
            podNetwork = podNetwork != null && podNetwork;
            loadBalancerIPs = loadBalancerIPs != null && loadBalancerIPs;
            externalIPs = externalIPs != null && externalIPs;
            nodeIP = nodeIP != null && nodeIP;
            clusterIPs = clusterIPs != null && clusterIPs;
            communities = communities == null ? List.of() : List.copyOf(communities);
            largeCommunities = largeCommunities == null ? List.of() : List.copyOf(largeCommunities);
            asPathPrepend = asPathPrepend == null ? 0 : asPathPrepend;
        }
    }
}
