package io.ovnbgp.e2e.bgp;

import io.ovnbgp.bgp.fsm.PeerSession;
import io.ovnbgp.bgp.fsm.SessionEvent;
import io.ovnbgp.bgp.fsm.SessionListener;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bgp.wire.UpdateMessage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Keeps every event one of our sessions reports, in order, for the test thread to read. */
final class Recorder implements SessionListener {
    final List<SessionEvent> events = new CopyOnWriteArrayList<>();

    @Override
    public void onEvent(PeerSession peer, SessionEvent event) {
        events.add(event);
    }

    <T extends SessionEvent> List<T> of(Class<T> kind) {
        return events.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    /** The UPDATEs received, in order. */
    List<UpdateMessage> updates() {
        return of(SessionEvent.Routes.class).stream()
                .map(SessionEvent.Routes::update)
                .toList();
    }

    /** The UPDATEs that announce {@code p}, in order. */
    List<UpdateMessage> announcing(Prefix p) {
        return updates().stream().filter(u -> u.allAnnounced().contains(p)).toList();
    }

    /** The UPDATEs that withdraw {@code p} (treat-as-withdraw included), in order. */
    List<UpdateMessage> withdrawing(Prefix p) {
        return updates().stream().filter(u -> u.allWithdrawn().contains(p)).toList();
    }

    /** The last UPDATE that mentions {@code p}, announced or withdrawn, or null. */
    UpdateMessage lastAbout(Prefix p) {
        UpdateMessage last = null;
        for (UpdateMessage u : updates()) {
            if (u.allAnnounced().contains(p) || u.allWithdrawn().contains(p)) {
                last = u;
            }
        }
        return last;
    }

    /** Whether {@code p} is currently announced by the peer, going by the last UPDATE about it. */
    boolean holds(Prefix p) {
        UpdateMessage u = lastAbout(p);
        return u != null && u.allAnnounced().contains(p);
    }
}
