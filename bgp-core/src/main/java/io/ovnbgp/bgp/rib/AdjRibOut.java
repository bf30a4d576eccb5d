package io.ovnbgp.bgp.rib;

import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bgp.wire.CodecContext;
import io.ovnbgp.bgp.wire.PathAttributes;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bgp.wire.UpdateMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one peer has been (or is about to be) told, and the changes not yet sent. Only
 * {@link Exporter.Advertisement}s get in. Owned by the RIB thread.
 */
final class AdjRibOut {
    /** Stands for a withdrawal in {@link #pending}. */
    private static final PathAttributes WITHDRAW =
            PathAttributes.builder().atomicAggregate(true).build();

    /** The peer's view once pending changes are sent. */
    private final Map<Prefix, PathAttributes> advertised = new HashMap<>();
    /** Changes in the order they happened; a prefix changed twice keeps its first place and its last value. */
    private final LinkedHashMap<Prefix, PathAttributes> pending = new LinkedHashMap<>();

    /** How many of {@link #advertised} are IPv6: kept as they change, so that counts per family cost no scan. */
    private int advertised6;

    /** Sets what the peer should have for {@code p}: an advertisement, or null for nothing. */
    void set(Prefix p, Exporter.Advertisement a) {
        PathAttributes want = a == null ? null : a.attributes;
        PathAttributes have = want == null ? advertised.remove(p) : advertised.put(p, want);
        if (p.isIpv6() && (want == null) != (have == null)) {
            advertised6 += want == null ? -1 : 1;
        }
        if (want == null ? have != null : !want.equals(have)) {
            pending.put(p, want == null ? WITHDRAW : want);
        }
    }

    boolean hasPending() {
        return !pending.isEmpty();
    }

    int advertisedCount() {
        return advertised.size();
    }

    /** Advertised prefixes of one family: IPv6 unicast ({@code v6}) or IPv4 unicast. */
    int advertisedCount(boolean v6) {
        return v6 ? advertised6 : advertised.size() - advertised6;
    }

    Map<Prefix, PathAttributes> advertised() {
        return advertised;
    }

    /** Forgets everything (session down: the peer has forgotten us too). */
    void clear() {
        advertised.clear();
        advertised6 = 0;
        pending.clear();
    }

    /** The pending changes as packed UPDATEs: withdrawals first, then one group per attribute set. */
    List<UpdateMessage> drainPending(CodecContext ctx) {
        Map<AfiSafi, List<Prefix>> withdrawals = new LinkedHashMap<>();
        Map<AfiSafi, Map<PathAttributes, List<Prefix>>> announcements = new LinkedHashMap<>();
        for (Map.Entry<Prefix, PathAttributes> e : pending.entrySet()) {
            Prefix p = e.getKey();
            if (e.getValue() == WITHDRAW) {
                withdrawals.computeIfAbsent(p.family(), f -> new ArrayList<>()).add(p);
            } else {
                announcements
                        .computeIfAbsent(p.family(), f -> new LinkedHashMap<>())
                        .computeIfAbsent(e.getValue(), x -> new ArrayList<>())
                        .add(p);
            }
        }
        pending.clear();
        List<UpdateMessage> out = new ArrayList<>();
        withdrawals.forEach((f, ps) -> out.addAll(UpdatePacker.withdraw(f, ps, ctx)));
        announcements.forEach(
                (f, groups) -> groups.forEach((attrs, ps) -> out.addAll(UpdatePacker.announce(f, attrs, ps, ctx))));
        return out;
    }

    /** Everything advertised for a family, packed, in prefix order (initial dump, route refresh). */
    List<UpdateMessage> dump(AfiSafi family, CodecContext ctx) {
        Map<PathAttributes, List<Prefix>> groups = new LinkedHashMap<>();
        TreeMap<Prefix, PathAttributes> sorted = new TreeMap<>();
        for (Map.Entry<Prefix, PathAttributes> e : advertised.entrySet()) {
            if (e.getKey().family().equals(family)) {
                sorted.put(e.getKey(), e.getValue());
            }
        }
        sorted.forEach(
                (p, a) -> groups.computeIfAbsent(a, x -> new ArrayList<>()).add(p));
        List<UpdateMessage> out = new ArrayList<>();
        groups.forEach((attrs, ps) -> out.addAll(UpdatePacker.announce(family, attrs, ps, ctx)));
        return out;
    }
}
