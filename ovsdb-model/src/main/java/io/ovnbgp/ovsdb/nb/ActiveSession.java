package io.ovnbgp.ovsdb.nb;

import io.ovnbgp.ovsdb.client.OvsdbSession;

/** One connection attempt's session, with what its {@code _Server} monitor and NB monitor have said so far. */
final class ActiveSession {
    final OvsdbSession session;
    final long id;
    volatile ServerStatus status;
    volatile boolean resumed;

    ActiveSession(OvsdbSession session, long id) {
        this.session = session;
        this.id = id;
    }
}
