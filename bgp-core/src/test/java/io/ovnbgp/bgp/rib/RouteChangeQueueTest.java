package io.ovnbgp.bgp.rib;

import static io.ovnbgp.bgp.rib.RibHarness.a;
import static io.ovnbgp.bgp.rib.RibHarness.attrs;
import static io.ovnbgp.bgp.rib.RibHarness.p;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.ovnbgp.bgp.rib.RibHarness.TestPeer;
import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.Prefix;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class RouteChangeQueueTest {
    private static final List<IpAddress> A = List.of(a("192.0.2.1"));
    private static final List<IpAddress> AB = List.of(a("192.0.2.1"), a("192.0.2.2"));

    @Test
    void theWakeUpHookRunsAfterEachPublishWithTheChangeAlreadyThere() {
        RouteChangeQueue q = new RouteChangeQueue();
        List<Integer> sizesSeen = new ArrayList<>();
        q.onPublish(() -> sizesSeen.add(q.size()));
        q.publish(p("10.1.0.0/16"), A, 100);
        q.publishAll(List.of(new RouteChange(p("10.2.0.0/16"), A, 110), new RouteChange(p("10.3.0.0/16"), A, 120)));
        // once per publish (one per batch), after the changes are visible to the consumer
        assertThat(sizesSeen).containsExactly(1, 3);
        q.onPublish(null);
        q.publish(p("10.4.0.0/16"), A, 130);
        assertThat(sizesSeen).containsExactly(1, 3);
    }

    @Test
    void aSlowConsumerSeesOneChangePerPrefixInFirstChangeOrderWithTheEarliestArrival() {
        RouteChangeQueue q = new RouteChangeQueue();
        q.publish(p("10.1.0.0/16"), A, 100);
        q.publish(p("10.2.0.0/16"), A, 110);
        q.publish(p("10.1.0.0/16"), AB, 120);
        q.publish(p("10.3.0.0/16"), A, 130);
        q.publish(p("10.1.0.0/16"), List.of(), 140);
        assertThat(q.size()).isEqualTo(3);
        assertThat(q.coalesced()).isEqualTo(2);
        List<RouteChange> got = q.drainNow(10);
        assertThat(got)
                .containsExactly(
                        new RouteChange(p("10.1.0.0/16"), List.of(), 100),
                        new RouteChange(p("10.2.0.0/16"), A, 110),
                        new RouteChange(p("10.3.0.0/16"), A, 130));
        assertThat(got.get(0).isWithdrawal()).isTrue();
        // once taken, a prefix starts afresh (at the back, with its own time)
        q.publish(p("10.3.0.0/16"), AB, 150);
        q.publish(p("10.1.0.0/16"), A, 160);
        assertThat(q.drainNow(10)).extracting(RouteChange::prefix).containsExactly(p("10.3.0.0/16"), p("10.1.0.0/16"));
    }

    @Test
    void drainTakesAtMostMaxOldestFirst() {
        RouteChangeQueue q = new RouteChangeQueue();
        for (int i = 0; i < 10; i++) {
            q.publish(Prefix.ipv4(i << 8, 24), A, i);
        }
        assertThat(q.drainNow(4)).extracting(RouteChange::firstArrivalNanos).containsExactly(0L, 1L, 2L, 3L);
        assertThat(q.size()).isEqualTo(6);
        assertThat(q.published()).isEqualTo(10);
    }

    @Test
    @Timeout(10)
    void drainBlocksUntilAChangeArrivesAndPollGivesUp() throws Exception {
        RouteChangeQueue q = new RouteChangeQueue();
        long t0 = System.nanoTime();
        assertThat(q.poll(10, Duration.ofMillis(50))).isEmpty();
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(45));
        CompletableFuture<List<RouteChange>> consumer = CompletableFuture.supplyAsync(() -> {
            try {
                return q.drain(100);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        await("drain keeps blocking")
                .during(Duration.ofMillis(50))
                .atMost(Duration.ofSeconds(1))
                .untilAsserted(() -> assertThat(consumer).isNotDone());
        q.publish(p("10.1.0.0/16"), A, 1);
        assertThat(consumer.get(5, TimeUnit.SECONDS)).hasSize(1);
    }

    @Test
    void manyWaitingChangesOfBothFamiliesKeepTheirOrderAndCoalesceAcrossTheQueuesGrowth() {
        RouteChangeQueue q = new RouteChangeQueue();
        int n = 20_000; // far past the queue's first arrays, so they grow (and its index with them) while full
        for (int i = 0; i < n; i++) {
            Prefix x = i % 7 == 0 ? Prefix.ipv6(0x20010db8L << 32 | i, 0, 64) : Prefix.ipv4(0x0A000000 | i << 8, 24);
            q.publish(x, A, i);
        }
        // the second half changes again: same place, earliest time, the newer next hops
        for (int i = n / 2; i < n; i++) {
            Prefix x = i % 7 == 0 ? Prefix.ipv6(0x20010db8L << 32 | i, 0, 64) : Prefix.ipv4(0x0A000000 | i << 8, 24);
            q.publish(x, AB, n + i);
        }
        assertThat(q.size()).isEqualTo(n);
        assertThat(q.coalesced()).isEqualTo(n / 2);
        List<RouteChange> got = new ArrayList<>();
        while (q.size() > 0) {
            got.addAll(q.drainNow(3_000));
        }
        assertThat(got).hasSize(n);
        for (int i = 0; i < n; i++) {
            RouteChange c = got.get(i);
            assertThat(c.firstArrivalNanos()).isEqualTo(i);
            assertThat(c.prefix().isIpv6()).isEqualTo(i % 7 == 0);
            assertThat(c.nextHops()).isEqualTo(i < n / 2 ? A : AB);
        }
        // emptied, it starts afresh: a prefix taken before is new again
        q.publish(Prefix.ipv4(0x0A000000, 24), A, 1);
        q.publish(Prefix.ipv4(0x0A000100, 24), A, 2);
        q.publish(Prefix.ipv4(0x0A000000, 24), AB, 3);
        assertThat(q.drainNow(10))
                .containsExactly(
                        new RouteChange(Prefix.ipv4(0x0A000000, 24), AB, 1),
                        new RouteChange(Prefix.ipv4(0x0A000100, 24), A, 2));
    }

    @Test
    void theRibCoalescesAndStampsTheEarliestUpdate() {
        RibHarness h = new RibHarness();
        TestPeer x = h.ebgp("x", 65001, "10.0.0.1", "192.0.2.1").up();
        TestPeer y = h.ebgp("y", 65001, "10.0.0.2", "192.0.2.2").up();
        // nobody drains between these: the consumer is slower than the producer
        x.announce(attrs(65001), "203.0.113.1", "10.1.0.0/16"); // arrival stamp n
        x.announce(attrs(65001), "203.0.113.1", "10.2.0.0/16"); // n + 1
        y.announce(attrs(65001), "203.0.113.2", "10.1.0.0/16"); // n + 2: 10.1 gets two next hops
        List<RouteChange> got = h.changes();
        assertThat(got).extracting(RouteChange::prefix).containsExactly(p("10.1.0.0/16"), p("10.2.0.0/16"));
        assertThat(got.get(0).nextHops()).containsExactly(a("203.0.113.1"), a("203.0.113.2"));
        assertThat(got.get(0).firstArrivalNanos()).isLessThan(got.get(1).firstArrivalNanos());
    }
}
