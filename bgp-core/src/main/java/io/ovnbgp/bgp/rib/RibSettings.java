package io.ovnbgp.bgp.rib;

import java.time.Duration;

/**
 * Speaker-wide RIB settings.
 *
 * @param localAs          our AS: loop detection, eBGP/iBGP, the AS_PATH we export
 * @param routerId         our BGP Identifier (informational here)
 * @param maxPaths         most paths in a prefix's ECMP set (1 = no multipath)
 * @param relaxAsPath      multipath across paths whose AS_PATHs differ but have equal length
 * @param alwaysCompareMed compare MED between paths from different neighbour ASes too
 * @param stalePathTime    after a graceful-restart peer is back, how long its stale paths wait for its
 *                         End-of-RIB before they go anyway
 */
public record RibSettings(
        long localAs,
        int routerId,
        int maxPaths,
        boolean relaxAsPath,
        boolean alwaysCompareMed,
        Duration stalePathTime) {

    public static final int DEFAULT_MAX_PATHS = 8;
    public static final Duration DEFAULT_STALE_PATH_TIME = Duration.ofSeconds(360);

    public RibSettings {
        if (localAs <= 0 || localAs > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("local AS " + localAs + " is not a 4-octet AS number");
        }
        if (maxPaths < 1 || maxPaths > 256) {
            throw new IllegalArgumentException("maxPaths " + maxPaths + " outside 1..256");
        }
        if (stalePathTime == null || stalePathTime.isNegative()) {
            throw new IllegalArgumentException("stalePathTime must be zero or positive");
        }
    }

    public RibSettings(long localAs, int routerId, int maxPaths, boolean relaxAsPath, boolean alwaysCompareMed) {
        this(localAs, routerId, maxPaths, relaxAsPath, alwaysCompareMed, DEFAULT_STALE_PATH_TIME);
    }

    /** Defaults: 8 paths, identical AS_PATH for multipath, MED compared within a neighbour AS only. */
    public static RibSettings of(long localAs, int routerId) {
        return new RibSettings(localAs, routerId, DEFAULT_MAX_PATHS, false, false);
    }

    public RibSettings withMaxPaths(int n) {
        return new RibSettings(localAs, routerId, n, relaxAsPath, alwaysCompareMed, stalePathTime);
    }

    public RibSettings withRelaxAsPath(boolean relax) {
        return new RibSettings(localAs, routerId, maxPaths, relax, alwaysCompareMed, stalePathTime);
    }

    public RibSettings withAlwaysCompareMed(boolean always) {
        return new RibSettings(localAs, routerId, maxPaths, relaxAsPath, always, stalePathTime);
    }

    public RibSettings withStalePathTime(Duration d) {
        return new RibSettings(localAs, routerId, maxPaths, relaxAsPath, alwaysCompareMed, d);
    }
}
