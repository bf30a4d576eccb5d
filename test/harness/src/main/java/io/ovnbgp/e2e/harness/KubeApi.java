package io.ovnbgp.e2e.harness;

import io.fabric8.kubernetes.api.model.LoadBalancerIngressBuilder;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServiceSpecBuilder;
import io.fabric8.kubernetes.api.model.ServiceStatusBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.fabric8.kubernetes.client.NamespacedKubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * A Kubernetes API for bridges running as separate processes: fabric8's mock server in CRUD mode on loopback
 * (plain HTTP), a kubeconfig that points at it, and a client to create the objects a cluster would have.
 */
public final class KubeApi implements AutoCloseable {
    /** The mock server logs every request at INFO through java.util.logging; kept here so it stays quiet. */
    private static final Logger MOCK_LOG = Logger.getLogger("io.fabric8.mockwebserver");

    /** Replaced by {@link #restart()}; the dispatcher (the objects) and the port stay. */
    private volatile KubernetesMockServer server;

    private final NamespacedKubernetesClient client;
    /** The store of every object, kept across {@link #stop()} and {@link #restart()}. */
    private final CompactingCrudDispatcher dispatcher;

    private final int port;

    private KubeApi(KubernetesMockServer server, CompactingCrudDispatcher dispatcher) {
        this.server = server;
        this.dispatcher = dispatcher;
        this.port = server.getPort();
        this.client = server.createClient();
    }

    public static KubeApi start() throws IOException {
        return start(0);
    }

    /** On a given port (0: any free one), for a test that points a bridge at the API before it is up. */
    public static KubeApi start(int port) throws IOException {
        CompactingCrudDispatcher dispatcher = new CompactingCrudDispatcher();
        return new KubeApi(serve(dispatcher, port), dispatcher);
    }

    private static KubernetesMockServer serve(CompactingCrudDispatcher dispatcher, int port) throws IOException {
        MOCK_LOG.setLevel(Level.WARNING);
        KubernetesMockServer server =
                new KubernetesMockServer(new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
        server.init(InetAddress.getByName("127.0.0.1"), port);
        return server;
    }

    /**
     * Takes the API server away, as a crash of kube-apiserver would: the port is closed (connections refused) and
     * every open connection, watches included, is closed. The objects stay for {@link #restart()}.
     */
    public void stop() {
        server.destroy();
    }

    /** Brings the API server back on the same port with the same objects (and resourceVersion counter). */
    public void restart() throws IOException {
        server = serve(dispatcher, port);
    }

    /**
     * A second API server on another free port over the same objects: for changing them while this one is
     * stopped (they are there when it returns, as changes made through another kube-apiserver would be). Close it
     * before {@link #restart()}.
     */
    public KubeApi sideDoor() throws IOException {
        return new KubeApi(serve(dispatcher, 0), dispatcher);
    }

    /**
     * Forgets the watch history up to now, as kube-apiserver's watch cache does once it has moved on (and always
     * when it restarts): a client that watches again from an older resourceVersion is answered 410 Gone and must
     * list again, which is how it learns of objects deleted while it was away.
     */
    public void compactHistory() {
        dispatcher.compact();
    }

    public int port() {
        return port;
    }

    /** A kubeconfig for an API server on 127.0.0.1:{@code port}, whether or not it runs. */
    public static Path kubeconfig(Path dir, int port) throws IOException {
        return Files.writeString(dir.resolve("kubeconfig"), """
                apiVersion: v1
                kind: Config
                clusters:
                  - name: mock
                    cluster: {server: "http://127.0.0.1:%d"}
                users:
                  - name: bridge
                    user: {token: e2e}
                contexts:
                  - name: mock
                    context: {cluster: mock, user: bridge, namespace: default}
                current-context: mock
                """.formatted(port));
    }

    /**
     * Every request the server received since the last call, oldest first: this client's and the bridges' alike
     * (tell them apart by their {@code Authorization} header: the kubeconfigs written here carry
     * {@code Bearer e2e}).
     */
    public List<io.fabric8.mockwebserver.http.RecordedRequest> takeRequests() throws InterruptedException {
        List<io.fabric8.mockwebserver.http.RecordedRequest> taken = new ArrayList<>();
        io.fabric8.mockwebserver.http.RecordedRequest r;
        // until the server has been quiet for 200 ms: an informer's re-list or re-watch may still come
        while ((r = server.takeRequest(200, TimeUnit.MILLISECONDS)) != null) {
            taken.add(r);
        }
        return taken;
    }

    public NamespacedKubernetesClient client() {
        return client;
    }

    /** Writes a kubeconfig for this server into {@code dir} and returns its path. */
    public Path kubeconfig(Path dir) throws IOException {
        return kubeconfig(dir, server.getPort());
    }

    /** A Node with InternalIP addresses and, when not null, OVN-Kubernetes' node-subnets annotation. */
    public void createNode(String name, String nodeSubnetsAnnotation, String... internalIps) {
        NodeBuilder b = new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .endMetadata()
                .withNewStatus()
                .endStatus();
        if (nodeSubnetsAnnotation != null) {
            b.editMetadata()
                    .addToAnnotations("k8s.ovn.org/node-subnets", nodeSubnetsAnnotation)
                    .endMetadata();
        }
        for (String ip : internalIps) {
            b.editStatus()
                    .addNewAddress()
                    .withType("InternalIP")
                    .withAddress(ip)
                    .endAddress()
                    .endStatus();
        }
        client.nodes().resource(b.build()).create();
    }

    /** A Service of type LoadBalancer whose status carries the ingress IPs, as a load-balancer controller sets it. */
    public void createLoadBalancer(String ns, String name, String externalTrafficPolicy, String... ingressIps) {
        createService(
                ns,
                name,
                new ServiceSpecBuilder().withType("LoadBalancer").withExternalTrafficPolicy(externalTrafficPolicy));
        setIngress(ns, name, ingressIps);
    }

    /**
     * A Service of type NodePort with these ClusterIPs (dual-stack when given one per family), as kube-apiserver
     * would have allocated them from its --service-cluster-ip-range.
     */
    public void createNodePort(String ns, String name, String externalTrafficPolicy, String... clusterIps) {
        createService(
                ns,
                name,
                new ServiceSpecBuilder()
                        .withType("NodePort")
                        .withExternalTrafficPolicy(externalTrafficPolicy)
                        .withClusterIP(clusterIps[0])
                        .withClusterIPs(clusterIps));
    }

    /** A Service of {@code spec} with one port, 80. */
    private void createService(String ns, String name, ServiceSpecBuilder spec) {
        Service svc = new ServiceBuilder()
                .withNewMetadata()
                .withName(name)
                .withNamespace(ns)
                .endMetadata()
                .withSpec(spec.addNewPort().withPort(80).endPort().build())
                .build();
        client.services().inNamespace(ns).resource(svc).create();
    }

    /** A LoadBalancer Service's ingress IPs replaced, as its load-balancer controller would replace them. */
    public void changeIngress(String ns, String name, String... ingressIps) {
        setIngress(ns, name, ingressIps);
    }

    /** The Service's status as a load-balancer controller sets it: these ingress IPs. */
    private void setIngress(String ns, String name, String... ingressIps) {
        Service created = client.services().inNamespace(ns).withName(name).get();
        created.setStatus(new ServiceStatusBuilder()
                .withNewLoadBalancer()
                .withIngress(Arrays.stream(ingressIps)
                        .map(ip -> new LoadBalancerIngressBuilder().withIp(ip).build())
                        .toList())
                .endLoadBalancer()
                .build());
        client.services().inNamespace(ns).resource(created).updateStatus();
    }

    /** A Secret with these keys and values (stored base64-encoded in {@code data}, as the API keeps them). */
    public void createSecret(String ns, String name, Map<String, String> values) {
        Map<String, String> data = new HashMap<>();
        values.forEach((k, v) -> data.put(k, Base64.getEncoder().encodeToString(v.getBytes(StandardCharsets.UTF_8))));
        client.secrets()
                .inNamespace(ns)
                .resource(new io.fabric8.kubernetes.api.model.SecretBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(ns)
                        .endMetadata()
                        .withData(data)
                        .build())
                .create();
    }

    public void deleteService(String ns, String name) {
        client.services().inNamespace(ns).withName(name).delete();
    }

    /** An EndpointSlice of the Service with one ready endpoint per node given. */
    public void createEndpointSlice(String ns, String name, String service, String... readyEndpointNodes) {
        List<Endpoint> eps = new ArrayList<>();
        int i = 10;
        for (String node : readyEndpointNodes) {
            eps.add(new EndpointBuilder()
                    .withAddresses("10.244.0." + i++)
                    .withNodeName(node)
                    .withNewConditions()
                    .withReady(true)
                    .endConditions()
                    .build());
        }
        client.discovery()
                .v1()
                .endpointSlices()
                .inNamespace(ns)
                .resource(new EndpointSliceBuilder()
                        .withNewMetadata()
                        .withName(name)
                        .withNamespace(ns)
                        .addToLabels("kubernetes.io/service-name", service)
                        .endMetadata()
                        .withAddressType("IPv4")
                        .withEndpoints(eps)
                        .build())
                .create();
    }

    /** Removes the endpoints on {@code node} from the slice (the Pod there went away). */
    public void removeEndpointsOn(String ns, String slice, String node) {
        client.discovery().v1().endpointSlices().inNamespace(ns).withName(slice).edit(s -> {
            s.getEndpoints().removeIf(e -> node.equals(e.getNodeName()));
            return s;
        });
    }

    /**
     * The Node and the two Services of {@code hack/topology} as the API would hold them ({@code env} reads its
     * {@code topology.env}): {@code SVC_LB}, type LoadBalancer with {@code externalTrafficPolicy: Local}, ClusterIP
     * {@code SVC_LB_CLUSTER_IP} and ingress {@code SVC_LB_IP}, its endpoint pod1 on the node; {@code SVC_EXT}, type
     * ClusterIP ({@code Cluster} policy) at {@code SVC_EXT_CLUSTER_IP} with external IP {@code SVC_EXT_IP}, its
     * endpoint pod2. The ClusterIPs are the ones {@code up} put on the OVN Load_Balancers.
     */
    public void createTopologyObjects(UnaryOperator<String> env) {
        String node = env.apply("NODE");
        createNode(node, null, env.apply("HOST_IP"));
        String[] lb = env.apply("SVC_LB").split("/", 2);
        String[] ext = env.apply("SVC_EXT").split("/", 2);
        createService(
                lb[0],
                lb[1],
                new ServiceSpecBuilder()
                        .withType("LoadBalancer")
                        .withExternalTrafficPolicy("Local")
                        .withClusterIP(env.apply("SVC_LB_CLUSTER_IP"))
                        .withClusterIPs(env.apply("SVC_LB_CLUSTER_IP")));
        setIngress(lb[0], lb[1], env.apply("SVC_LB_IP"));
        createService(
                ext[0],
                ext[1],
                new ServiceSpecBuilder()
                        .withType("ClusterIP")
                        .withClusterIP(env.apply("SVC_EXT_CLUSTER_IP"))
                        .withClusterIPs(env.apply("SVC_EXT_CLUSTER_IP"))
                        .withExternalIPs(env.apply("SVC_EXT_IP")));
        endpoint(lb[0], lb[1], env.apply("POD1_IP"), node);
        endpoint(ext[0], ext[1], env.apply("POD2_IP"), node);
    }

    private void endpoint(String ns, String service, String podIp, String node) {
        client.discovery()
                .v1()
                .endpointSlices()
                .inNamespace(ns)
                .resource(new EndpointSliceBuilder()
                        .withNewMetadata()
                        .withName(service + "-1")
                        .withNamespace(ns)
                        .addToLabels("kubernetes.io/service-name", service)
                        .endMetadata()
                        .withAddressType("IPv4")
                        .withEndpoints(new EndpointBuilder()
                                .withAddresses(podIp)
                                .withNodeName(node)
                                .withNewConditions()
                                .withReady(true)
                                .endConditions()
                                .build())
                        .build())
                .create();
    }

    /**
     * A mock API server as a process of its own, for {@code hack/sandbox.sh}: writes a kubeconfig for it, creates
     * the Node and the Services of the topology whose {@code topology.env} is given
     * ({@link #createTopologyObjects}), then runs until killed. Arguments: KUBECONFIG-PATH TOPOLOGY-ENV.
     */
    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: KubeApi KUBECONFIG TOPOLOGY-ENV");
            System.exit(2);
        }
        Map<String, String> env = new HashMap<>();
        for (String line : Files.readAllLines(Path.of(args[1]))) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                env.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        KubeApi api = start();
        api.createTopologyObjects(k -> {
            String v = env.get(k);
            if (v == null) {
                throw new IllegalArgumentException(args[1] + " has no " + k);
            }
            return v;
        });
        Path written = api.kubeconfig(Path.of(args[0]).getParent());
        if (!written.equals(Path.of(args[0]))) {
            Files.move(written, Path.of(args[0]));
        }
        System.out.println(
                "Kubernetes API (mock, CRUD) on 127.0.0.1:" + api.server.getPort() + "; kubeconfig " + args[0]);
        Thread.currentThread().join();
    }

    @Override
    public void close() {
        client.close();
        server.destroy();
    }
}
