package io.ovnbgp.bridge.ovn;

import static org.assertj.core.api.Assertions.assertThat;

import io.ovnbgp.bridge.ovn.NorthboundInbox.Changed;
import io.ovnbgp.bridge.ovn.NorthboundInbox.Disconnected;
import io.ovnbgp.bridge.ovn.NorthboundInbox.Event;
import io.ovnbgp.bridge.ovn.NorthboundInbox.Resynced;
import io.ovnbgp.ovsdb.client.Uuid;
import io.ovnbgp.ovsdb.nb.NbSnapshot;
import io.ovnbgp.ovsdb.nb.NbTable;
import io.ovnbgp.ovsdb.nb.RowChange;
import io.ovnbgp.ovsdb.nb.StaticRoute;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** A writer that falls behind finds one change per row waiting, not every report since. */
class NorthboundInboxTest {
    private final AtomicInteger wakes = new AtomicInteger();
    private final NorthboundInbox inbox = new NorthboundInbox(wakes::incrementAndGet);

    private static Uuid uuid(int n) {
        return Uuid.of(String.format("00000000-0000-0000-0000-%012d", n));
    }

    private static StaticRoute route(int n, String nexthop) {
        return new StaticRoute(
                uuid(n),
                "10." + n + ".0.0/16",
                nexthop,
                Optional.empty(),
                Optional.empty(),
                "",
                Optional.empty(),
                Map.of(),
                Map.of());
    }

    private static RowChange change(RowChange.Kind kind, StaticRoute before, StaticRoute after) {
        return new RowChange(kind, NbTable.STATIC_ROUTE, (after != null ? after : before).uuid(), before, after);
    }

    @Test
    void aBacklogOfChangesIsBoundedByTheRowsChangedAndKeepsEachRowsLastState() {
        NbSnapshot last = null;
        for (int i = 0; i < 10_000; i++) {
            StaticRoute before = route(i % 10, "192.0.2." + (i / 10));
            StaticRoute after = route(i % 10, "192.0.2." + (i / 10 + 1));
            last = NbSnapshot.of(after);
            inbox.changed(List.of(change(RowChange.Kind.MODIFIED, before, after)), last);
        }
        assertThat(inbox.pendingRows()).isEqualTo(10);
        assertThat(inbox.coalesced()).isEqualTo(9_990);
        assertThat(wakes.get()).isEqualTo(10_000);

        List<Event> events = inbox.drain();
        assertThat(events).hasSize(1);
        Changed c = (Changed) events.get(0);
        assertThat(c.after()).isSameAs(last);
        assertThat(c.changes()).hasSize(10).allSatisfy(ch -> {
            assertThat(ch.kind()).isEqualTo(RowChange.Kind.MODIFIED);
            assertThat(((StaticRoute) ch.after()).nexthop()).isEqualTo("192.0.2.1000");
            assertThat(((StaticRoute) ch.before()).nexthop()).isEqualTo("192.0.2.0");
        });
        assertThat(inbox.drain()).isEmpty();
        assertThat(inbox.pendingRows()).isZero();
    }

    @Test
    void aRowsNetChangeKeepsAnInsertAnInsertAndADeleteADelete() {
        StaticRoute a1 = route(1, "192.0.2.1");
        StaticRoute a2 = route(1, "192.0.2.2");
        StaticRoute b1 = route(2, "192.0.2.1");
        StaticRoute b2 = route(2, "192.0.2.2");
        NbSnapshot s = NbSnapshot.of();
        inbox.changed(List.of(change(RowChange.Kind.INSERTED, null, a1), change(RowChange.Kind.MODIFIED, b1, b2)), s);
        inbox.changed(List.of(change(RowChange.Kind.MODIFIED, a1, a2), change(RowChange.Kind.DELETED, b2, null)), s);

        Changed c = (Changed) inbox.drain().get(0);
        assertThat(c.changes())
                .containsExactly(change(RowChange.Kind.INSERTED, null, a2), change(RowChange.Kind.DELETED, b2, null));
    }

    @Test
    void aResyncSupersedesWhatCameBeforeAndADisconnectSupersedesEverything() {
        NbSnapshot s1 = NbSnapshot.of(route(1, "192.0.2.1"));
        NbSnapshot s2 = NbSnapshot.of(route(2, "192.0.2.1"));
        inbox.changed(List.of(change(RowChange.Kind.INSERTED, null, route(1, "192.0.2.1"))), s1);
        inbox.resynced(s1);
        inbox.resynced(s2);
        inbox.changed(List.of(change(RowChange.Kind.INSERTED, null, route(3, "192.0.2.1"))), s2);
        List<Event> events = inbox.drain();
        assertThat(events).hasSize(2);
        assertThat(events.get(0)).isEqualTo(new Resynced(s2));
        assertThat(((Changed) events.get(1)).changes())
                .extracting(RowChange::uuid)
                .containsExactly(uuid(3));

        inbox.resynced(s1);
        inbox.changed(List.of(change(RowChange.Kind.INSERTED, null, route(4, "192.0.2.1"))), s1);
        inbox.disconnected("lost");
        inbox.disconnected("lost again");
        assertThat(inbox.drain()).containsExactly(new Disconnected("lost again"));

        // after a disconnect, the resync and what follows it
        inbox.disconnected("lost");
        inbox.resynced(s2);
        assertThat(inbox.drain()).containsExactly(new Disconnected("lost"), new Resynced(s2));
    }
}
