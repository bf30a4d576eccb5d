package io.ovnbgp.bgp.rib;

import io.ovnbgp.bgp.wire.Prefix;
import java.util.List;

/**
 * One page of the learned table, for a status page: the first prefixes in prefix order that have at least one
 * accepted path, each with its paths, and how many such prefixes the table holds in all. Bounded, so that reading
 * a full Internet table cannot copy it whole.
 *
 * @param total every prefix with an accepted path, including those beyond the page
 */
public record LearnedPage(List<Entry> entries, int total) {
    public LearnedPage {
        entries = List.copyOf(entries);
    }

    /** One prefix and its paths, best first (as {@link Rib#paths}). */
    public record Entry(Prefix prefix, List<PathView> paths) {
        public Entry {
            paths = List.copyOf(paths);
        }
    }
}
