package io.ovnbgp.bench;

import io.ovnbgp.bgp.wire.Prefix;
import java.util.List;

/**
 * Single route changes through BGP, each waited for before the next: alternately a new /24 announced (one row
 * inserted) and the same /24 withdrawn (that row removed). Returns the bridge's sync lag of each, in ns.
 */
final class SingleChanges {
    private SingleChanges() {}

    static long[] measure(SyncBridge bridge, int n) throws Exception {
        List<Prefix> singles = SyncBridge.prefixes(172, 16, (n + 1) / 2);
        long[] lag = new long[n];
        for (int i = 0; i < n; i++) {
            lag[i] = bridge.change(singles.get(i / 2), i % 2 == 0);
        }
        bridge.quiet();
        return lag;
    }
}
