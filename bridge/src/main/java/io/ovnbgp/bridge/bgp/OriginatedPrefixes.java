package io.ovnbgp.bridge.bgp;

import io.ovnbgp.bgp.wire.Prefix;
import java.util.Set;
import java.util.function.BiConsumer;

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

    /**
     * Moves a source from {@code before} to {@code after}: withdraws what only {@code before} has, then originates
     * what only {@code after} has, with {@code tag}. {@code each} hears every change first (true = originated),
     * for the caller's log.
     */
    default void replace(Set<Prefix> before, Set<Prefix> after, String tag, BiConsumer<Prefix, Boolean> each) {
        for (Prefix p : before) {
            if (!after.contains(p)) {
                each.accept(p, false);
                withdraw(p);
            }
        }
        for (Prefix p : after) {
            if (!before.contains(p)) {
                each.accept(p, true);
                originate(p, tag);
            }
        }
    }
}
