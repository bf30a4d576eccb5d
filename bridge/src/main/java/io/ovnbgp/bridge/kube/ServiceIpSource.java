package io.ovnbgp.bridge.kube;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bridge.bgp.OriginatedPrefixes;
import io.ovnbgp.bridge.bgp.RibConfigFactory;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Originates Service IPs as host routes (/32, /128), watching Services (all namespaces) and EndpointSlices with
 * fabric8 informers; no polling.
 *
 * <ul>
 *   <li>{@code status.loadBalancer.ingress[].ip} of a Service of type LoadBalancer, tag
 *       {@link RibConfigFactory#LOAD_BALANCER_IPS};</li>
 *   <li>{@code spec.externalIPs} of any Service, tag {@link RibConfigFactory#EXTERNAL_IPS};</li>
 *   <li>with {@code spec.externalTrafficPolicy: Local} both kinds only while this node has a ready endpoint in
 *       one of the Service's EndpointSlices ({@code endpoints[].nodeName} equal to the node and
 *       {@code conditions.ready} not false; the API says an unset {@code ready} is to be read as ready);</li>
 *   <li>with {@code spec.externalTrafficPolicy: Local}, under the same condition, {@code spec.clusterIPs} (else
 *       {@code spec.clusterIP}), tag {@link RibConfigFactory#CLUSTER_IPS}, each only if it lies inside one of the
 *       declared {@link ServiceCidrs}. Under {@code Cluster} every node can forward to every endpoint, so the
 *       CIDR route covers those and no host route is needed (as Calico's {@code serviceClusterIPs}).</li>
 * </ul>
 *
 * An IP wanted by several Services is originated once, with every tag its holders give it, and withdrawn when
 * the last one stops wanting it.
 *
 * <p>Threads: the two informers deliver on their own threads; every handler only recomputes one Service under
 * this object's lock and calls the sink, which must be thread-safe (the RIB posts to its own thread).
 */
public final class ServiceIpSource implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServiceIpSource.class);
    static final String SERVICE_NAME_LABEL = "kubernetes.io/service-name";
    private static final String BY_SERVICE = "byService";

    private final KubernetesClient client;
    private final String nodeName;
    private final ServiceCidrs serviceCidrs;
    private final OriginatedPrefixes sink;
    /** Per Service, the ClusterIPs already logged as outside the Service CIDRs: said once, not at every event. */
    private final Map<String, Set<String>> warnedOutside = new ConcurrentHashMap<>();

    private SharedIndexInformer<Service> services;
    private SharedIndexInformer<EndpointSlice> slices;

    /** Guarded by this: what each Service ("ns/name") wants, and per prefix which Services want it with which tag. */
    private final Map<String, Map<Prefix, Set<String>>> wantedByService = new HashMap<>();

    private final Map<Prefix, Map<String, Set<String>>> holders = new HashMap<>();
    /** Guarded by this: the tags each originated prefix was last originated with. */
    private final Map<Prefix, Set<String>> originated = new HashMap<>();

    public ServiceIpSource(
            KubernetesClient client, String nodeName, ServiceCidrs serviceCidrs, OriginatedPrefixes sink) {
        this.client = Objects.requireNonNull(client, "client");
        this.nodeName = Objects.requireNonNull(nodeName, "nodeName");
        this.serviceCidrs = Objects.requireNonNull(serviceCidrs, "serviceCidrs");
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /** Starts both informers; the stage completes when both have listed once. Call once. */
    public synchronized CompletionStage<Void> start() {
        if (services != null) {
            throw new IllegalStateException("started already");
        }
        slices = client.discovery()
                .v1()
                .endpointSlices()
                .inAnyNamespace()
                .runnableInformer(0)
                .exceptionHandler(new KeepTrying("EndpointSlices"));
        slices.addIndexers(Map.of(BY_SERVICE, s -> {
            String svc = s.getMetadata().getLabels() == null
                    ? null
                    : s.getMetadata().getLabels().get(SERVICE_NAME_LABEL);
            return svc == null ? List.of() : List.of(s.getMetadata().getNamespace() + "/" + svc);
        }));
        slices.addEventHandler(handler(s -> {
            var labels = s.getMetadata().getLabels();
            String svc = labels == null ? null : labels.get(SERVICE_NAME_LABEL);
            return svc == null ? null : s.getMetadata().getNamespace() + "/" + svc;
        }));
        services = client.services().inAnyNamespace().runnableInformer(0).exceptionHandler(new KeepTrying("Services"));
        services.addEventHandler(handler(ServiceIpSource::key));
        CompletableFuture<?> a = slices.start().toCompletableFuture();
        CompletableFuture<?> b = services.start().toCompletableFuture();
        return CompletableFuture.allOf(a, b);
    }

    /** True once both informers have listed once. */
    public boolean hasSynced() {
        SharedIndexInformer<Service> s;
        SharedIndexInformer<EndpointSlice> e;
        synchronized (this) {
            s = services;
            e = slices;
        }
        return s != null && e != null && s.hasSynced() && e.hasSynced();
    }

    /** Stops the informers. What was originated stays: the owner of the RIB decides about withdrawing. */
    @Override
    public synchronized void close() {
        if (services != null) {
            services.close();
        }
        if (slices != null) {
            slices.close();
        }
    }

    /** The prefixes originated now, with their tags (a copy; for status and tests). */
    public synchronized Map<Prefix, Set<String>> originated() {
        return Map.copyOf(originated);
    }

    private <T extends HasMetadata> ResourceEventHandler<T> handler(Function<T, String> keyOf) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                recompute(keyOf.apply(obj));
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                String before = keyOf.apply(oldObj);
                String after = keyOf.apply(newObj);
                recompute(after);
                if (before != null && !before.equals(after)) {
                    recompute(before);
                }
            }

            @Override
            public void onDelete(T obj, boolean deletedFinalStateUnknown) {
                recompute(keyOf.apply(obj));
            }
        };
    }

    private static String key(HasMetadata o) {
        return o.getMetadata().getNamespace() + "/" + o.getMetadata().getName();
    }

    private void recompute(String serviceKey) {
        if (serviceKey == null) {
            return;
        }
        try {
            synchronized (this) {
                SharedIndexInformer<Service> svcs = services;
                SharedIndexInformer<EndpointSlice> eps = slices;
                if (svcs == null || eps == null) {
                    return;
                }
                Service svc = svcs.getIndexer().getByKey(serviceKey);
                if (svc == null) {
                    warnedOutside.remove(serviceKey);
                }
                Map<Prefix, Set<String>> wanted =
                        svc == null ? Map.of() : wanted(svc, eps.getIndexer().byIndex(BY_SERVICE, serviceKey));
                apply(serviceKey, wanted);
            }
        } catch (RuntimeException e) {
            LOG.error("Service {}: recomputing its IPs failed; left as they were", serviceKey, e);
        }
    }

    /** What one Service wants originated, with the kinds of each IP, given its EndpointSlices. */
    Map<Prefix, Set<String>> wanted(Service svc, List<EndpointSlice> itsSlices) {
        var spec = svc.getSpec();
        if (spec == null) {
            return Map.of();
        }
        boolean local = "Local".equals(spec.getExternalTrafficPolicy());
        if (local && !hasReadyLocalEndpoint(itsSlices)) {
            return Map.of();
        }
        Map<Prefix, Set<String>> out = new LinkedHashMap<>();
        for (String ip : nullToEmpty(spec.getExternalIPs())) {
            add(out, svc, ip, RibConfigFactory.EXTERNAL_IPS);
        }
        if ("LoadBalancer".equals(spec.getType())
                && svc.getStatus() != null
                && svc.getStatus().getLoadBalancer() != null) {
            for (LoadBalancerIngress in :
                    nullToEmpty(svc.getStatus().getLoadBalancer().getIngress())) {
                if (in.getIp() != null && !in.getIp().isBlank()) {
                    add(out, svc, in.getIp(), RibConfigFactory.LOAD_BALANCER_IPS);
                }
            }
        }
        if (local && !serviceCidrs.isEmpty()) {
            for (String ip : clusterIps(spec)) {
                if (insideServiceCidrs(svc, ip)) {
                    add(out, svc, ip, RibConfigFactory.CLUSTER_IPS);
                }
            }
        }
        return out;
    }

    /** {@code spec.clusterIPs}, else the older single {@code spec.clusterIP}; without headless "None" and blanks. */
    private static List<String> clusterIps(io.fabric8.kubernetes.api.model.ServiceSpec spec) {
        List<String> ips = nullToEmpty(spec.getClusterIPs());
        if (ips.isEmpty() && spec.getClusterIP() != null) {
            ips = List.of(spec.getClusterIP());
        }
        return ips.stream()
                .filter(ip -> ip != null && !ip.isBlank() && !"None".equals(ip.trim()))
                .toList();
    }

    /**
     * Whether a ClusterIP may be advertised: only from the ranges the administrator declared. An address outside
     * them (a wrong {@code kubernetes.serviceCIDRs}, or a range added to the cluster later) is logged once.
     */
    private boolean insideServiceCidrs(Service svc, String ip) {
        IpAddress a;
        try {
            a = IpAddress.parse(ip.trim());
        } catch (RuntimeException e) {
            LOG.warn("Service {}: ClusterIP '{}' is not an IP address; ignored", key(svc), ip);
            return false;
        }
        if (serviceCidrs.contains(a)) {
            return true;
        }
        if (warnedOutside
                .computeIfAbsent(key(svc), k -> ConcurrentHashMap.newKeySet())
                .add(ip.trim())) {
            LOG.warn(
                    "Service {}: ClusterIP {} is outside kubernetes.serviceCIDRs {}: not advertised",
                    key(svc),
                    ip,
                    serviceCidrs.prefixes());
        } else {
            LOG.debug("Service {}: ClusterIP {} is outside kubernetes.serviceCIDRs: not advertised", key(svc), ip);
        }
        return false;
    }

    private boolean hasReadyLocalEndpoint(List<EndpointSlice> itsSlices) {
        for (EndpointSlice s : itsSlices) {
            for (Endpoint ep : nullToEmpty(s.getEndpoints())) {
                if (nodeName.equals(ep.getNodeName())
                        && (ep.getConditions() == null
                                || !Boolean.FALSE.equals(ep.getConditions().getReady()))) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void add(Map<Prefix, Set<String>> out, Service svc, String ip, String tag) {
        try {
            IpAddress a = IpAddress.parse(ip.trim());
            out.computeIfAbsent(Prefix.of(a, a.v6() ? 128 : 32), p -> new TreeSet<>())
                    .add(tag);
        } catch (RuntimeException e) {
            LOG.warn("Service {}: '{}' is not an IP address; ignored", key(svc), ip);
        }
    }

    private static <T> List<T> nullToEmpty(List<T> l) {
        return l == null ? List.of() : l;
    }

    /** Under the lock: replaces one Service's wants and calls the sink for every prefix whose outcome changed. */
    private void apply(String serviceKey, Map<Prefix, Set<String>> wanted) {
        Map<Prefix, Set<String>> before = wantedByService.getOrDefault(serviceKey, Map.of());
        if (before.equals(wanted)) {
            return;
        }
        if (wanted.isEmpty()) {
            wantedByService.remove(serviceKey);
        } else {
            wantedByService.put(serviceKey, Map.copyOf(wanted));
        }
        Set<Prefix> touched = new LinkedHashSet<>(before.keySet());
        touched.addAll(wanted.keySet());
        for (Prefix p : before.keySet()) {
            if (!wanted.containsKey(p)) {
                Map<String, Set<String>> h = holders.get(p);
                if (h != null) {
                    h.remove(serviceKey);
                    if (h.isEmpty()) {
                        holders.remove(p);
                    }
                }
            }
        }
        wanted.forEach(
                (p, tags) -> holders.computeIfAbsent(p, x -> new HashMap<>()).put(serviceKey, Set.copyOf(tags)));
        for (Prefix p : touched) {
            Map<String, Set<String>> h = holders.get(p);
            Set<String> tags = null;
            if (h != null) {
                Set<String> union = new TreeSet<>();
                h.values().forEach(union::addAll);
                tags = Set.copyOf(union);
            }
            Set<String> was = originated.get(p);
            if (Objects.equals(tags, was)) {
                continue;
            }
            if (tags == null) {
                originated.remove(p);
                LOG.info("Service IP {} is wanted by no Service now (last: {}): withdrawing it", p, serviceKey);
                sink.withdraw(p);
            } else {
                originated.put(p, tags);
                LOG.info("Service IP {} ({}, {}): advertising it", p, new TreeSet<>(tags), serviceKey);
                sink.originate(p, tags);
            }
        }
    }
}
