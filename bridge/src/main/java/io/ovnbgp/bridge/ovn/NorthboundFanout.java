package io.ovnbgp.bridge.ovn;

import io.ovnbgp.ovsdb.nb.NbSnapshot;
import io.ovnbgp.ovsdb.nb.NorthboundListener;
import io.ovnbgp.ovsdb.nb.RowChange;
import java.util.List;

/** One NB connection, several readers: each listener is told in turn, on the NB client's event thread. */
public final class NorthboundFanout implements NorthboundListener {
    private final List<NorthboundListener> listeners;

    public NorthboundFanout(List<NorthboundListener> listeners) {
        this.listeners = List.copyOf(listeners);
    }

    @Override
    public void resynced(NbSnapshot snapshot) {
        listeners.forEach(l -> l.resynced(snapshot));
    }

    @Override
    public void changed(List<RowChange> changes, NbSnapshot after) {
        listeners.forEach(l -> l.changed(changes, after));
    }

    @Override
    public void disconnected(String reason) {
        listeners.forEach(l -> l.disconnected(reason));
    }
}
