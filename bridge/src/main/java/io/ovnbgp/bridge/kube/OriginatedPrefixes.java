package io.ovnbgp.bridge.kube;

import io.ovnbgp.bgp.rib.OriginAttributes;
import io.ovnbgp.bgp.rib.Rib;
import io.ovnbgp.bgp.wire.Prefix;
import java.util.Objects;

/**
 * Where a prefix source puts what it originates: the RIB in the daemon, a recording fake in tests. Calls must be
 * cheap and thread-safe (the RIB only posts them to its own thread). {@link #originate} for a prefix already
 * originated replaces its tag.
 */
public interface OriginatedPrefixes {
    void originate(Prefix prefix, String tag);

    void withdraw(Prefix prefix);

    /** Posts to a RIB: {@code rib.originate(p, OriginAttributes.tagged(tag))} and {@code rib.withdrawOriginated(p)}. */
    static OriginatedPrefixes of(Rib rib) {
        Objects.requireNonNull(rib, "rib");
        return new OriginatedPrefixes() {
            @Override
            public void originate(Prefix prefix, String tag) {
                rib.originate(prefix, OriginAttributes.tagged(tag));
            }

            @Override
            public void withdraw(Prefix prefix) {
                rib.withdrawOriginated(prefix);
            }
        };
    }
}
