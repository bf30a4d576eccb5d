package io.ovnbgp.ovsdb.nb;

import io.ovnbgp.ovsdb.client.OvsdbException;
import io.ovnbgp.ovsdb.client.OvsdbRemote;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Never moves back in time: remembers the highest RAFT index seen in {@code _Server.Database} and refuses a
 * member whose index is below it (a member that has not caught up), so that its rows do not replace newer ones.
 */
final class StaleMemberGuard {
    private static final Logger LOG = LoggerFactory.getLogger(StaleMemberGuard.class);

    private final int members;
    private volatile long highestIndex;
    private int refusals; // control thread only

    StaleMemberGuard(int members) {
        this.members = members;
    }

    /**
     * On the control thread, before monitoring {@code remote}: throws if it is behind what we have seen. A whole
     * round of refusals means the cluster itself was rebuilt: the guard starts over and returns true, and the
     * caller forgets what it would resume from.
     */
    boolean check(OvsdbRemote remote, ServerStatus st) throws OvsdbException {
        if (!st.clustered() || st.index() <= 0) {
            return false;
        }
        long seen = highestIndex;
        if (st.index() < seen) {
            if (++refusals >= members) {
                LOG.warn("OVN Northbound: every member is behind index {}; the cluster was rebuilt?", seen);
                refusals = 0;
                highestIndex = st.index();
                return true;
            }
            throw new OvsdbException(remote + ": its database is at index " + st.index() + ", behind index " + seen
                    + " already seen; trying another member");
        }
        refusals = 0;
        highestIndex = st.index();
        return false;
    }

    /** The connected member moved on (a {@code _Server} update). */
    void seen(long index) {
        if (index > highestIndex) {
            highestIndex = index;
        }
    }
}
