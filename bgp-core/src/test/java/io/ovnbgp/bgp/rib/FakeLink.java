package io.ovnbgp.bgp.rib;

import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.BgpMessage;
import io.ovnbgp.bgp.wire.NotificationMessage;
import io.ovnbgp.bgp.wire.UpdateMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Records what the RIB asks of a session. */
final class FakeLink implements PeerLink {
    final List<BgpMessage> sent = new ArrayList<>();
    final List<AfiSafi> refreshRequests = new ArrayList<>();
    final List<NotificationMessage> stops = new ArrayList<>();
    final List<Duration> restarts = new ArrayList<>();
    final List<Boolean> pauses = new ArrayList<>();

    @Override
    public void pauseReading(BooleanSupplier paused) {
        pauses.add(paused.getAsBoolean());
    }

    @Override
    public void send(BgpMessage m) {
        sent.add(m);
    }

    @Override
    public void requestRouteRefresh(AfiSafi family) {
        refreshRequests.add(family);
    }

    @Override
    public void stopAndRestart(NotificationMessage n, Duration restartAfter) {
        stops.add(n);
        restarts.add(restartAfter);
    }

    List<UpdateMessage> updates() {
        return sent.stream()
                .filter(UpdateMessage.class::isInstance)
                .map(UpdateMessage.class::cast)
                .toList();
    }

    void clear() {
        sent.clear();
        refreshRequests.clear();
    }
}
