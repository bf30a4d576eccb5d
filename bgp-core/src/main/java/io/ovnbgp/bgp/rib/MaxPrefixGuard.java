package io.ovnbgp.bgp.rib;

import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.ErrorSubcode;
import io.ovnbgp.bgp.wire.NotificationMessage;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer's limit on accepted prefixes (all families together): over it, a warning or the session closed with
 * Cease / Maximum Number of Prefixes Reached, as its {@link MaxPrefixAction} says. RIB thread only.
 */
final class MaxPrefixGuard {
    /** The RIB's logger: one name to configure for all its parts. */
    private static final Logger LOG = LoggerFactory.getLogger(Rib.class);

    /** Checks the limit after the peer's accepted count rose; {@code family} is the one that made it rise. */
    void check(PeerState p, AfiSafi family) {
        PeerRibConfig config = p.config();
        long limit = config.maxPrefixes();
        if (limit <= 0 || p.accepted() <= limit) {
            return;
        }
        if (config.maxPrefixAction() == MaxPrefixAction.WARN) {
            p.countMaxPrefixExceeded();
            if (p.warnMaxPrefixOnce()) {
                LOG.warn(
                        "{}: {} accepted prefixes exceed the limit of {} (action warn: keeping them)",
                        p.name,
                        p.accepted(),
                        limit);
            }
            return;
        }
        if (p.tornDown() || p.link() == null) {
            return;
        }
        p.tearDown();
        Duration restart = config.restartAfter();
        LOG.warn(
                "{}: {} accepted prefixes exceed the limit of {}: closing the session (Cease / Maximum Number of "
                        + "Prefixes Reached){}",
                p.name,
                p.accepted(),
                limit,
                restart == null ? ", not restarting" : ", restarting in " + restart);
        p.link().stopAndRestart(notification(family, limit), restart);
    }

    /** The limit or its action changed: warn again, and apply the new limit to what is held now. */
    void limitsChanged(PeerState p) {
        p.rearmMaxPrefixWarning();
        if (p.accepted() > 0) {
            check(p, p.largerFamily());
        }
    }

    /** RFC 4486 §4: Cease subcode 1 with AFI (2 octets), SAFI (1 octet) and the upper bound (4 octets). */
    static NotificationMessage notification(AfiSafi family, long limit) {
        long bound = Math.min(limit, 0xFFFFFFFFL);
        byte[] data = {
            (byte) (family.afi() >>> 8),
            (byte) family.afi(),
            (byte) family.safi(),
            (byte) (bound >>> 24),
            (byte) (bound >>> 16),
            (byte) (bound >>> 8),
            (byte) bound
        };
        return new NotificationMessage(ErrorSubcode.MAXIMUM_NUMBER_OF_PREFIXES_REACHED, data);
    }
}
