package io.ovnbgp.bridge.metrics;

import io.ovnbgp.bgp.fsm.PeerSession;
import io.ovnbgp.bgp.rib.PeerRibStats;
import io.ovnbgp.bgp.rib.Rib;
import io.ovnbgp.bridge.bgp.BoundedWait;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Reads the peers for a scrape: the sessions configured now, and one answer of the RIB for all of them. */
public final class PeerSamples {
    private static final Logger LOG = LoggerFactory.getLogger(PeerSamples.class);
    /** A scrape must not hang behind a RIB busy with a full table; a late answer only drops the prefix series. */
    static final Duration RIB_WAIT = Duration.ofSeconds(2);

    private PeerSamples() {}

    /**
     * A supplier for {@link BridgeMetrics#peers}. {@code sessions} is called at every scrape, from the HTTP
     * thread, and must return the sessions configured at that moment (peers are added and removed at run time).
     */
    public static Supplier<List<PeerSample>> reading(Supplier<? extends Collection<PeerSession>> sessions, Rib rib) {
        return () -> {
            Collection<PeerSession> now = sessions.get();
            Map<String, PeerRibStats> stats = ribStats(rib);
            List<PeerSample> out = new ArrayList<>(now.size());
            for (PeerSession s : now) {
                out.add(PeerSample.of(s, stats.get(s.name())));
            }
            return out;
        };
    }

    private static Map<String, PeerRibStats> ribStats(Rib rib) {
        return BoundedWait.get(rib.stats(), RIB_WAIT, e -> {
            if (!(e instanceof InterruptedException)) {
                LOG.debug("RIB statistics not available for this scrape: {}", e.toString());
            }
            return Map.of();
        });
    }
}
