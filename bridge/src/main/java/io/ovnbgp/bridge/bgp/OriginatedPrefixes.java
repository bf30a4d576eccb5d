package io.ovnbgp.bridge.bgp;

import io.ovnbgp.bgp.wire.Prefix;
import java.util.Set;

/**
 * Where a prefix source puts what it originates: {@link LocalPrefixes} in the daemon, a recording fake in tests.
 * Calls must be cheap and thread-safe. {@link #originate} for a prefix already originated replaces its tags.
 */
public interface OriginatedPrefixes {
    void originate(Prefix prefix, Set<String> tags);

    void withdraw(Prefix prefix);

    default void originate(Prefix prefix, String tag) {
        originate(prefix, Set.of(tag));
    }
}
