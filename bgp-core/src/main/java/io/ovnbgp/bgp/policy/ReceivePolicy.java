package io.ovnbgp.bgp.policy;

import io.ovnbgp.bgp.wire.Communities;
import io.ovnbgp.bgp.wire.PathAttributes;
import io.ovnbgp.bgp.wire.Prefix;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Import policy of one peer (config {@code receive}). Immutable; evaluated on the RIB thread.
 *
 * <ul>
 *   <li>{@link ReceiveMode#NONE} (the default): nothing is accepted.</li>
 *   <li>{@link ReceiveMode#ALL}: every path is accepted.</li>
 *   <li>{@link ReceiveMode#FILTERED}: a path is accepted when its prefix matches one of {@link #prefixes()} and,
 *       if {@link #anyOfCommunities()} is not empty, it carries at least one of those communities.</li>
 * </ul>
 * In every mode the RIB rejects paths whose AS_PATH holds our own AS before the policy is consulted, and a
 * LOCAL_PREF received from an eBGP peer is replaced ({@link #setLocalPref()} or 100).
 */
public final class ReceivePolicy {

    /** The safe default: receive nothing. */
    public static final ReceivePolicy NONE = new ReceivePolicy(ReceiveMode.NONE, List.of(), new int[0], null);

    public static final ReceivePolicy ALL = new ReceivePolicy(ReceiveMode.ALL, List.of(), new int[0], null);

    private final ReceiveMode mode;
    private final List<PrefixRule> prefixes;
    private final int[] anyOfCommunities;
    private final Long setLocalPref;

    private ReceivePolicy(ReceiveMode mode, List<PrefixRule> prefixes, int[] anyOfCommunities, Long setLocalPref) {
        this.mode = Objects.requireNonNull(mode, "mode");
        this.prefixes = List.copyOf(prefixes);
        this.anyOfCommunities = anyOfCommunities.clone();
        if (setLocalPref != null && (setLocalPref < 0 || setLocalPref > 0xFFFFFFFFL)) {
            throw new IllegalArgumentException("LOCAL_PREF " + setLocalPref + " is not an unsigned 32-bit value");
        }
        this.setLocalPref = setLocalPref;
    }

    /** Only prefixes matching one of these rules. */
    public static ReceivePolicy filtered(List<PrefixRule> rules) {
        return new ReceivePolicy(ReceiveMode.FILTERED, rules, new int[0], null);
    }

    public static ReceivePolicy of(
            ReceiveMode mode, List<PrefixRule> rules, int[] anyOfCommunities, Long setLocalPref) {
        return new ReceivePolicy(mode, rules, anyOfCommunities == null ? new int[0] : anyOfCommunities, setLocalPref);
    }

    /** In FILTERED mode, additionally require one of these communities (empty: no condition). */
    public ReceivePolicy withCommunityMatch(int... communities) {
        return new ReceivePolicy(mode, prefixes, communities, setLocalPref);
    }

    /** Set LOCAL_PREF on accepted paths (eBGP and iBGP). */
    public ReceivePolicy withLocalPref(long localPref) {
        return new ReceivePolicy(mode, prefixes, anyOfCommunities, localPref);
    }

    public ReceiveMode mode() {
        return mode;
    }

    public List<PrefixRule> prefixes() {
        return prefixes;
    }

    public int[] anyOfCommunities() {
        return anyOfCommunities.clone();
    }

    public OptionalLong setLocalPref() {
        return setLocalPref == null ? OptionalLong.empty() : OptionalLong.of(setLocalPref);
    }

    /** Whether the attribute-level part of the policy lets these attributes in (mode and community match). */
    public boolean acceptsAttributes(PathAttributes a) {
        switch (mode) {
            case NONE:
                return false;
            case ALL:
                return true;
            default:
                if (anyOfCommunities.length == 0) {
                    return true;
                }
                Communities c = a.communities();
                for (int wanted : anyOfCommunities) {
                    if (c.contains(wanted)) {
                        return true;
                    }
                }
                return false;
        }
    }

    /** Whether the prefix-level part of the policy lets this prefix in. */
    public boolean acceptsPrefix(Prefix p) {
        switch (mode) {
            case NONE:
                return false;
            case ALL:
                return true;
            default:
                for (PrefixRule r : prefixes) {
                    if (r.matches(p)) {
                        return true;
                    }
                }
                return false;
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReceivePolicy p
                && p.mode == mode
                && p.prefixes.equals(prefixes)
                && Arrays.equals(p.anyOfCommunities, anyOfCommunities)
                && Objects.equals(p.setLocalPref, setLocalPref);
    }

    @Override
    public int hashCode() {
        return Objects.hash(mode, prefixes, Arrays.hashCode(anyOfCommunities), setLocalPref);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("receive ").append(mode);
        if (mode == ReceiveMode.FILTERED) {
            sb.append(' ').append(prefixes);
            if (anyOfCommunities.length > 0) {
                sb.append(" with community ").append(Communities.of(anyOfCommunities));
            }
        }
        if (setLocalPref != null) {
            sb.append(" set local-pref ").append(setLocalPref);
        }
        return sb.toString();
    }
}
