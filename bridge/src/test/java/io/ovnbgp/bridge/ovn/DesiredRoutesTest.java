package io.ovnbgp.bridge.ovn;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bridge.metrics.BridgeMetrics;
import io.ovnbgp.bridge.ovn.RoutePlanner.RowKey;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The writer's view of what BGP wants under {@code ovn.maxRoutes} and before start-up convergence, as a full table
 * with {@code maxPrefixes.action: warn} exercises it: the rows written are the admission rule's, and the per-prefix
 * state kept or marked dirty follows the cap and our rows, not the table.
 */
class DesiredRoutesTest {
    private static final List<IpAddress> NH1 = List.of(IpAddress.parse("192.0.2.1"));
    private static final List<IpAddress> NH2 = List.of(IpAddress.parse("192.0.2.1"), IpAddress.parse("192.0.2.2"));

    private final DirtyPrefixes dirty = new DirtyPrefixes();
    private final Set<Prefix> owned = new HashSet<>();
    private final RouteAdmission admission = new RouteAdmission(4, new BridgeMetrics("node1", "test"));
    private final StartupConvergence convergence = new StartupConvergence(() -> "peer a", Duration.ofMinutes(5));
    private final DesiredRoutes desired = new DesiredRoutes(false, admission, convergence, dirty, owned::contains);

    private Set<Prefix> takeDirty() {
        Set<Prefix> d = new HashSet<>(dirty.entries().keySet());
        dirty.done(new DirtyPrefixes.Batch(new HashMap<>(dirty.entries()), false));
        return d;
    }

    private static Prefix p(String text) {
        return Prefix.parse(text);
    }

    @Test
    void underTheCapTheRuleOfTheWholeSetHoldsWhateverTheArrivalOrder() {
        List<Prefix> all =
                List.of(p("10.1.1.0/24"), p("10.0.0.0/8"), p("2001:db8::/32"), p("10.2.0.0/16"), p("10.1.0.0/16"));
        Map<Prefix, List<IpAddress>> nhs =
                Map.of(all.get(0), NH1, all.get(1), NH2, all.get(2), NH1, all.get(3), NH2, all.get(4), NH1);
        for (Prefix x : all) {
            desired.set(x, nhs.get(x), 0);
            desired.admit(owned);
        }
        Map<Prefix, Integer> rows = new HashMap<>();
        nhs.forEach((x, l) -> rows.put(x, l.size()));
        Set<Prefix> held = RoutePlanner.heldBack(rows, 4);
        assertThat(held).containsExactlyInAnyOrder(p("10.2.0.0/16"), p("2001:db8::/32"));
        for (Prefix x : all) {
            assertThat(admission.isHeldBack(x)).as("%s", x).isEqualTo(held.contains(x));
            assertThat(desired.wanted(x)).as("%s", x).isEqualTo(held.contains(x) ? List.of() : texts(nhs.get(x)));
        }
        assertThat(admission.heldBackCount()).isEqualTo(2);
    }

    @Test
    void aCappedTableMarksDirtyOnlyWhatCanBeWrittenAndWhatHasOurRows() {
        Random r = new Random(7);
        for (int i = 0; i < 2000; i++) {
            desired.set(Prefix.ipv4(0x0A000000 | (r.nextInt(1 << 16) << 8), 24), NH1, 0);
            if (i % 100 == 99) {
                desired.admit(owned);
            }
        }
        desired.admit(owned);
        Set<Prefix> first = takeDirty();
        // the 100 that came before the line was first drawn, then at most the 4 it admits at each of 20 redraws:
        // never the 2,000 of the table
        assertThat(first.size()).isLessThanOrEqualTo(100 + 4 * 20);
        assertThat(admission.heldBackCount()).isEqualTo(desired.size() - 4);
        // four rows of ours are written; then a /8 arrives: it is admitted, and one of our /24s must go
        Set<Prefix> admitted = new HashSet<>();
        first.stream().filter(x -> !admission.isHeldBack(x)).forEach(admitted::add);
        assertThat(admitted).hasSize(4);
        owned.addAll(admitted);
        for (int i = 0; i < 500; i++) {
            desired.set(Prefix.ipv4(0x0B000000 | (r.nextInt(1 << 16) << 8), 24), NH1, 0);
        }
        desired.set(p("12.0.0.0/8"), NH1, 0);
        desired.admit(owned);
        Set<Prefix> crossed = takeDirty();
        Prefix lastOfOurs = admitted.stream().max(RoutePlanner.ADMISSION_ORDER).orElseThrow();
        assertThat(crossed).containsExactlyInAnyOrder(p("12.0.0.0/8"), lastOfOurs);
        assertThat(desired.wanted(lastOfOurs)).isEmpty();
        assertThat(desired.wanted(p("12.0.0.0/8"))).containsExactly("192.0.2.1");
    }

    @Test
    void beforeConvergenceOnlyAdoptedRowsWaitAndOnlyTheirKeysAreKept() {
        convergence.adopted(List.of("198.51.100.0/24"));
        desired.set(p("203.0.113.0/24"), NH1, 0);
        desired.set(p("198.51.100.0/24"), NH1, 0);
        // a row written in this life may go when BGP no longer wants it: BGP wanted it when it was written
        assertThat(convergence.mayDelete(new RowKey("203.0.113.0/24", "192.0.2.9")))
                .isTrue();
        // an adopted row goes only for a key BGP confirmed since start
        assertThat(convergence.mayDelete(new RowKey("198.51.100.0/24", "192.0.2.1")))
                .isTrue();
        assertThat(convergence.mayDelete(new RowKey("198.51.100.0/24", "192.0.2.2")))
                .isFalse();
        convergence.reach();
        assertThat(convergence.mayDelete(new RowKey("198.51.100.0/24", "192.0.2.2")))
                .isTrue();
    }

    @Test
    void aRowWrittenInThisLifeAndAdoptedAgainAtAResyncMayStillGo() {
        // start: nothing adopted; BGP wants 198.51.100.0/24 via .1, the writer writes it
        desired.set(p("198.51.100.0/24"), NH1, 0);
        RowKey written = new RowKey("198.51.100.0/24", "192.0.2.1");
        convergence.written(new RoutePlanner.Plan(List.of(written), List.of(), List.of(), List.of()));
        // the NB connection comes back before the peers converged: the row is adopted with the rest
        convergence.adopted(List.of("198.51.100.0/24"));
        // BGP moved the prefix meanwhile: the row written in this life may go, it is no leftover from before
        assertThat(convergence.mayDelete(written)).isTrue();
        assertThat(convergence.mayDelete(new RowKey("198.51.100.0/24", "192.0.2.7")))
                .isFalse();
    }

    private static List<String> texts(List<IpAddress> nhs) {
        return nhs.stream().map(IpAddress::toString).toList();
    }
}
