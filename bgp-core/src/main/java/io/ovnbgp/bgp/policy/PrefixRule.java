package io.ovnbgp.bgp.policy;

import io.ovnbgp.bgp.wire.Prefix;

/**
 * One prefix-list entry in the usual router notation: {@code 10.0.0.0/8} alone matches exactly that prefix;
 * {@code le 24} matches it and every more specific prefix inside it up to /24; {@code ge 16} matches those of
 * length 16 up to the family's maximum; both give the range [ge, le].
 *
 * @param prefix the covering prefix (IPv4 or IPv6; a rule only ever matches prefixes of its own family)
 * @param ge     smallest length matched
 * @param le     largest length matched
 */
public record PrefixRule(Prefix prefix, int ge, int le) {

    public PrefixRule {
        if (prefix == null) {
            throw new IllegalArgumentException("prefix is required");
        }
        int len = prefix.length();
        int max = prefix.maxLength();
        if (ge < len || ge > max) {
            throw new IllegalArgumentException(prefix + ": ge " + ge + " must be within " + len + ".." + max);
        }
        if (le < ge || le > max) {
            throw new IllegalArgumentException(prefix + ": le " + le + " must be within " + ge + ".." + max);
        }
    }

    /** Exactly this prefix. */
    public static PrefixRule exact(Prefix p) {
        return new PrefixRule(p, p.length(), p.length());
    }

    /** This prefix and more specifics up to length {@code le}. */
    public static PrefixRule upTo(Prefix p, int le) {
        return new PrefixRule(p, p.length(), le);
    }

    /**
     * The config form: {@code ge} and {@code le} may be null. Only le: [len, le]; only ge: [ge, max]; neither:
     * exactly the prefix.
     */
    public static PrefixRule of(Prefix p, Integer ge, Integer le) {
        if (ge == null && le == null) {
            return exact(p);
        }
        int g = ge == null ? p.length() : ge;
        int l = le == null ? p.maxLength() : le;
        return new PrefixRule(p, g, l);
    }

    public boolean matches(Prefix candidate) {
        int len = candidate.length();
        return len >= ge && len <= le && prefix.contains(candidate);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(prefix.toString());
        if (ge != prefix.length() || le != prefix.length()) {
            if (ge != prefix.length()) {
                sb.append(" ge ").append(ge);
            }
            if (le != prefix.maxLength() || ge == prefix.length()) {
                sb.append(" le ").append(le);
            }
        }
        return sb.toString();
    }
}
