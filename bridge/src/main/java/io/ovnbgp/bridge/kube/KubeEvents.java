package io.ovnbgp.bridge.kube;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.ovnbgp.bgp.fsm.Negotiated;
import io.ovnbgp.bgp.fsm.PeerSession;
import io.ovnbgp.bgp.fsm.SessionEvent;
import io.ovnbgp.bgp.wire.AfiSafi;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes Events for what an administrator looks for in {@code kubectl describe node} and
 * {@code kubectl get events}: a BGP session Established ({@value #SESSION_ESTABLISHED}, Normal) or down
 * ({@value #SESSION_DOWN}, Warning) on this node's Node, and a refused configuration ({@value #INVALID_CONFIG},
 * Warning) on its ConfigMap.
 *
 * <p>Two promises. A flapping peer cannot flood the API server: per peer (and per ConfigMap) a few events at
 * once, then at most one per minute, the newest one posted when its turn comes with the number of those it
 * stood for in its message ({@link EventRateLimit}). And the BGP event loop never waits for the API server: the
 * calls here only queue; one background thread posts, and when {@value #QUEUE_LIMIT} posts are waiting, new
 * events are dropped and counted ({@link #dropped()}), never blocked on.
 */
public final class KubeEvents implements AutoCloseable {
    public static final String SESSION_ESTABLISHED = "BGPSessionEstablished";
    public static final String SESSION_DOWN = "BGPSessionDown";
    public static final String INVALID_CONFIG = "InvalidConfig";
    static final String COMPONENT = "ovn-bgp-bridge";
    /** Events about the Node (cluster-scoped) go where kubelet puts its own node events. */
    static final String NODE_EVENTS_NAMESPACE = "default";

    static final int QUEUE_LIMIT = 64;
    /** The API server's limit for an Event's message is 1 KiB; longer ones are cut, not refused. */
    static final int MAX_MESSAGE = 1024;

    private static final Logger LOG = LoggerFactory.getLogger(KubeEvents.class);

    /** How many events per key at once ({@code burst}), then one per {@code refill}. */
    public record Limits(int burst, Duration refill) {
        public static final Limits DEFAULT = new Limits(5, Duration.ofMinutes(1));
    }

    /** One event to post, before rate limiting folds a count into its message. */
    record Draft(
            String namespace, ObjectReference involved, String type, String reason, String message, String subject) {}

    private final KubernetesClient client;
    private final String nodeName;
    private final Limits limits;
    private final ScheduledThreadPoolExecutor poster;
    private final EventRateLimit<Draft> limit;
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong posted = new AtomicLong();
    private final AtomicLong sequence = new AtomicLong();

    public KubeEvents(KubernetesClient client, String nodeName) {
        this(client, nodeName, Limits.DEFAULT);
    }

    public KubeEvents(KubernetesClient client, String nodeName, Limits limits) {
        this.client = client;
        this.nodeName = nodeName;
        this.limits = limits;
        this.poster = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "kube-events");
            t.setDaemon(true);
            return t;
        });
        poster.setRemoveOnCancelPolicy(true);
        // on close, a rate-limited event waiting for its turn is given up rather than waited for
        poster.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.limit =
                new EventRateLimit<>(limits.burst(), limits.refill(), System::nanoTime, new EventRateLimit.Sink<>() {
                    @Override
                    public void post(String key, EventRateLimit.Admitted<Draft> admitted) {
                        enqueue(admitted);
                    }

                    @Override
                    public void flushLater(String key, Duration delay) {
                        schedule(() -> limit.flush(key), delay);
                    }
                });
    }

    /** The session of {@code peer} at {@code address} reached Established; {@code details} what it agreed on. */
    public void sessionUp(String peer, String address, String details) {
        String message = "BGP session with " + peer + " (" + address + ") Established"
                + (details == null || details.isEmpty() ? "" : ": " + details);
        limit.offer(
                "peer/" + peer,
                new Draft(
                        NODE_EVENTS_NAMESPACE,
                        node(),
                        "Normal",
                        SESSION_ESTABLISHED,
                        message,
                        "session events of " + peer));
    }

    /** The Established session of {@code peer} ended: {@code reason} is the NOTIFICATION sent or received, or the error. */
    public void sessionDown(String peer, String address, String reason) {
        String message = "BGP session with " + peer + " (" + address + ") down: " + reason;
        limit.offer(
                "peer/" + peer,
                new Draft(
                        NODE_EVENTS_NAMESPACE, node(), "Warning", SESSION_DOWN, message, "session events of " + peer));
    }

    /** A new configuration in ConfigMap {@code namespace/configMapName} was refused; the running one stays. */
    public void invalidConfig(String namespace, String configMapName, String message) {
        ObjectReference cm = new ObjectReferenceBuilder()
                .withApiVersion("v1")
                .withKind("ConfigMap")
                .withNamespace(namespace)
                .withName(configMapName)
                .build();
        limit.offer(
                "configmap/" + namespace + "/" + configMapName,
                new Draft(
                        namespace,
                        cm,
                        "Warning",
                        INVALID_CONFIG,
                        "configuration refused, the running one stays: " + message,
                        "refusals of ConfigMap " + namespace + "/" + configMapName));
    }

    /**
     * The hook for a session's listener: Up and Down become {@link #sessionUp} and {@link #sessionDown}; every
     * other event is ignored. Runs on the BGP event loop, so it only queues.
     */
    public void onSessionEvent(PeerSession peer, SessionEvent e) {
        String address = peer.settings().remoteAddress().getHostAddress();
        if (e instanceof SessionEvent.Up up) {
            sessionUp(peer.name(), address, agreed(up.negotiated()));
        } else if (e instanceof SessionEvent.Down down) {
            sessionDown(peer.name(), address, down.reason());
        }
    }

    static String agreed(Negotiated n) {
        return "AS " + n.remoteAs() + ", router ID " + n.remoteIdText() + ", hold time " + n.holdTimeSeconds()
                + " s, " + n.families().stream().map(AfiSafi::toString).sorted().collect(Collectors.joining(" "))
                + (n.gracefulRestartBothWays() ? ", graceful restart" : "");
    }

    /** Events not posted because the queue to the API server was full. */
    public long dropped() {
        return dropped.get();
    }

    /** Events not posted individually because of the rate limit; the next posted one of their key counts them. */
    public long suppressed() {
        return limit.suppressedTotal();
    }

    /** Events the API server accepted. */
    public long posted() {
        return posted.get();
    }

    /** Stops posting; what is still queued is given up to a second. The client is not ours to close. */
    @Override
    public void close() {
        poster.shutdown();
        try {
            poster.awaitTermination(1, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        poster.shutdownNow();
    }

    private ObjectReference node() {
        // kubectl describe node finds a node's events by uid = the node's name (kubelet's convention)
        return new ObjectReferenceBuilder()
                .withApiVersion("v1")
                .withKind("Node")
                .withName(nodeName)
                .withUid(nodeName)
                .build();
    }

    private void enqueue(EventRateLimit.Admitted<Draft> admitted) {
        if (queued.incrementAndGet() > QUEUE_LIMIT) {
            queued.decrementAndGet();
            long n = dropped.incrementAndGet();
            if (Long.bitCount(n) == 1) { // 1, 2, 4, 8...: visible, but not a flood of its own
                LOG.warn(
                        "Kubernetes Events: {} dropped so far, the API server is not keeping up (latest: {} {})",
                        n,
                        admitted.event().reason(),
                        admitted.event().message());
            }
            return;
        }
        try {
            poster.execute(() -> {
                try {
                    post(admitted);
                } finally {
                    queued.decrementAndGet();
                }
            });
        } catch (RejectedExecutionException closed) {
            queued.decrementAndGet();
        }
    }

    private void schedule(Runnable r, Duration delay) {
        try {
            poster.schedule(r, delay.toNanos(), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
            // closing: the pending event goes with the process
        }
    }

    private void post(EventRateLimit.Admitted<Draft> admitted) {
        Draft d = admitted.event();
        String message = d.message();
        if (admitted.suppressedBefore() > 0) {
            message += " (" + admitted.suppressedBefore() + " earlier " + d.subject() + " not posted: at most "
                    + limits.burst() + " at once, then 1 per " + limits.refill().toSeconds() + " s)";
        }
        if (message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE - 3) + "...";
        }
        String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        Event event = new EventBuilder()
                .withNewMetadata()
                .withNamespace(d.namespace())
                // unique like kubelet's: the object's name and a time-based suffix
                .withName(d.involved().getName() + "." + Long.toHexString(System.currentTimeMillis())
                        + Long.toHexString(sequence.incrementAndGet() & 0xfff))
                .endMetadata()
                .withInvolvedObject(d.involved())
                .withType(d.type())
                .withReason(d.reason())
                .withMessage(message)
                .withNewSource()
                .withComponent(COMPONENT)
                .withHost(nodeName)
                .endSource()
                .withReportingComponent(COMPONENT)
                .withReportingInstance(nodeName)
                .withFirstTimestamp(now)
                .withLastTimestamp(now)
                .withCount(1)
                .build();
        try {
            client.v1().events().inNamespace(d.namespace()).resource(event).create();
            posted.incrementAndGet();
        } catch (RuntimeException e) {
            LOG.warn(
                    "cannot post Kubernetes Event {} {} in namespace {}: {}",
                    d.reason(),
                    d.involved().getName(),
                    d.namespace(),
                    e.getMessage());
        }
    }
}
