package io.ovnbgp.bgp.wire;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The path attributes of one UPDATE, shared by every prefix it announces. Immutable with value
 * equality, so the RIB can intern it: nothing per-prefix lives here (MP_REACH_NLRI's prefixes are
 * in {@link UpdateMessage}, only its next hop is here) and nothing about wire layout does either
 * (attribute order and the Extended Length bit as received are in {@link WireLayout}).
 */
public final class PathAttributes {

    public static final PathAttributes EMPTY = builder().build();

    private final Origin origin;
    private final AsPath asPath;
    private final NextHop nextHop;
    private final MultiExitDisc med;
    private final LocalPref localPref;
    private final boolean atomicAggregate;
    private final Aggregator aggregator;
    private final Communities communities;
    private final ExtendedCommunities extendedCommunities;
    private final LargeCommunities largeCommunities;
    private final MpNextHop mpNextHop;
    private final List<RawAttribute> unknown;
    private int hash;

    private PathAttributes(Builder b) {
        origin = b.origin;
        asPath = b.asPath;
        nextHop = b.nextHop;
        med = b.med;
        localPref = b.localPref;
        atomicAggregate = b.atomicAggregate;
        aggregator = b.aggregator;
        communities = b.communities == null || b.communities.isEmpty() ? null : b.communities;
        extendedCommunities =
                b.extendedCommunities == null || b.extendedCommunities.isEmpty() ? null : b.extendedCommunities;
        largeCommunities = b.largeCommunities == null || b.largeCommunities.isEmpty() ? null : b.largeCommunities;
        mpNextHop = b.mpNextHop;
        List<RawAttribute> raw = new ArrayList<>(b.unknown);
        raw.sort(Comparator.comparingInt(RawAttribute::typeCode));
        unknown = List.copyOf(raw);
    }

    private PathAttributes(
            PathAttributes a,
            AsPath asPath,
            Communities communities,
            LargeCommunities largeCommunities,
            NextHop nextHop,
            MpNextHop mpNextHop) {
        origin = a.origin;
        this.asPath = asPath;
        this.nextHop = nextHop;
        med = a.med;
        localPref = a.localPref;
        atomicAggregate = a.atomicAggregate;
        aggregator = a.aggregator;
        this.communities = communities;
        extendedCommunities = a.extendedCommunities;
        this.largeCommunities = largeCommunities;
        this.mpNextHop = mpNextHop;
        unknown = a.unknown;
        hash = a.hash;
    }

    /**
     * These attributes with each present component replaced by an equal instance: what an interner keeps, its
     * components shared with other sets. Equal to this set; the hash, once computed, is carried over rather than
     * computed again, and nothing else is copied or sorted again. An argument is ignored where this set has no
     * such component.
     *
     * @throws IllegalArgumentException if a replacement is not equal to the component it replaces
     */
    public PathAttributes withSharedComponents(
            AsPath asPath,
            Communities communities,
            LargeCommunities largeCommunities,
            IpAddress nextHop,
            MpNextHop mpNextHop) {
        AsPath p = same(this.asPath, asPath);
        Communities c = same(this.communities, communities);
        LargeCommunities l = same(this.largeCommunities, largeCommunities);
        NextHop n = this.nextHop == null
                ? null
                : this.nextHop.address() == same(this.nextHop.address(), nextHop) ? this.nextHop : new NextHop(nextHop);
        MpNextHop m = same(this.mpNextHop, mpNextHop);
        if (p == this.asPath
                && c == this.communities
                && l == this.largeCommunities
                && n == this.nextHop
                && m == this.mpNextHop) {
            return this;
        }
        return new PathAttributes(this, p, c, l, n, m);
    }

    private static <T> T same(T mine, T replacement) {
        if (mine == null || replacement == null || mine == replacement) {
            return mine;
        }
        if (!mine.equals(replacement)) {
            throw new IllegalArgumentException(replacement + " is not " + mine);
        }
        return replacement;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.origin = origin;
        b.asPath = asPath;
        b.nextHop = nextHop;
        b.med = med;
        b.localPref = localPref;
        b.atomicAggregate = atomicAggregate;
        b.aggregator = aggregator;
        b.communities = communities;
        b.extendedCommunities = extendedCommunities;
        b.largeCommunities = largeCommunities;
        b.mpNextHop = mpNextHop;
        b.unknown.addAll(unknown);
        return b;
    }

    public Optional<Origin> origin() {
        return Optional.ofNullable(origin);
    }

    public Optional<AsPath> asPath() {
        return Optional.ofNullable(asPath);
    }

    /** NEXT_HOP: the IPv4 next hop of the classic NLRI field. */
    public Optional<IpAddress> nextHop() {
        return nextHop == null ? Optional.empty() : Optional.of(nextHop.address());
    }

    public OptionalLong med() {
        return med == null ? OptionalLong.empty() : OptionalLong.of(med.value());
    }

    public OptionalLong localPref() {
        return localPref == null ? OptionalLong.empty() : OptionalLong.of(localPref.value());
    }

    public boolean atomicAggregate() {
        return atomicAggregate;
    }

    public Optional<Aggregator> aggregator() {
        return Optional.ofNullable(aggregator);
    }

    /** COMMUNITIES, or {@link Communities#NONE}: an empty attribute is malformed, so absent and empty are one. */
    public Communities communities() {
        return communities == null ? Communities.NONE : communities;
    }

    public ExtendedCommunities extendedCommunities() {
        return extendedCommunities == null ? ExtendedCommunities.NONE : extendedCommunities;
    }

    public LargeCommunities largeCommunities() {
        return largeCommunities == null ? LargeCommunities.NONE : largeCommunities;
    }

    /** The next hop of MP_REACH_NLRI, shared by all its prefixes. */
    public Optional<MpNextHop> mpNextHop() {
        return Optional.ofNullable(mpNextHop);
    }

    /** Attributes kept without interpretation, in type code order. */
    public List<RawAttribute> unknown() {
        return unknown;
    }

    public boolean hasNoExport() {
        return communities().hasNoExport();
    }

    public boolean hasNoAdvertise() {
        return communities().hasNoAdvertise();
    }

    public boolean hasNoExportSubconfed() {
        return communities().hasNoExportSubconfed();
    }

    public boolean hasGracefulShutdown() {
        return communities().hasGracefulShutdown();
    }

    public boolean hasBlackhole() {
        return communities().hasBlackhole();
    }

    public boolean isEmpty() {
        return equals(EMPTY);
    }

    /** Every attribute present, in type code order. */
    public List<PathAttribute> toList() {
        List<PathAttribute> out = new ArrayList<>(12 + unknown.size());
        addIfPresent(out, origin);
        addIfPresent(out, asPath);
        addIfPresent(out, nextHop);
        addIfPresent(out, med);
        addIfPresent(out, localPref);
        if (atomicAggregate) {
            out.add(AtomicAggregate.INSTANCE);
        }
        addIfPresent(out, aggregator);
        addIfPresent(out, communities);
        addIfPresent(out, extendedCommunities);
        addIfPresent(out, largeCommunities);
        out.addAll(unknown);
        out.sort(Comparator.comparingInt(PathAttribute::typeCode));
        return out;
    }

    private static void addIfPresent(List<PathAttribute> out, PathAttribute a) {
        if (a != null) {
            out.add(a);
        }
    }

    /**
     * These attributes as they may be passed on to another peer, for what concerns attributes this
     * speaker does not recognize (RFC 4271 §5, §9.1.3): optional transitive ones keep travelling
     * with the Partial bit set, optional non-transitive ones are dropped. Recognized attributes
     * are left alone: MED, LOCAL_PREF and the next hop are the export policy's business.
     */
    public PathAttributes forReadvertisement() {
        boolean changes = false;
        for (RawAttribute r : unknown) {
            if (!r.isTransitive() || !r.isPartial()) {
                changes = true;
                break;
            }
        }
        if (!changes) {
            return this;
        }
        Builder b = toBuilder().clearUnknown();
        for (RawAttribute r : unknown) {
            if (r.isOptional() && r.isTransitive()) {
                b.unknown(r.withPartial());
            } else if (!r.isOptional()) {
                b.unknown(r); // cannot be decoded (Unrecognized Well-known Attribute); kept for hand-built sets
            }
        }
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PathAttributes p) || p.hashCode() != hashCode()) {
            return false;
        }
        return atomicAggregate == p.atomicAggregate
                && origin == p.origin
                && Objects.equals(asPath, p.asPath)
                && Objects.equals(nextHop, p.nextHop)
                && Objects.equals(med, p.med)
                && Objects.equals(localPref, p.localPref)
                && Objects.equals(aggregator, p.aggregator)
                && Objects.equals(communities, p.communities)
                && Objects.equals(extendedCommunities, p.extendedCommunities)
                && Objects.equals(largeCommunities, p.largeCommunities)
                && Objects.equals(mpNextHop, p.mpNextHop)
                && unknown.equals(p.unknown);
    }

    @Override
    public int hashCode() {
        int h = hash;
        if (h == 0) {
            h = Objects.hash(
                    origin,
                    asPath,
                    nextHop,
                    med,
                    localPref,
                    atomicAggregate,
                    aggregator,
                    communities,
                    extendedCommunities,
                    largeCommunities,
                    mpNextHop,
                    unknown);
            if (h == 0) {
                h = 1;
            }
            hash = h;
        }
        return h;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("PathAttributes[");
        int start = sb.length();
        append(sb, start, "origin", origin);
        append(sb, start, "as-path", asPath);
        append(sb, start, "next-hop", nextHop);
        append(sb, start, "med", med == null ? null : med.value());
        append(sb, start, "local-pref", localPref == null ? null : localPref.value());
        append(sb, start, "atomic-aggregate", atomicAggregate ? "" : null);
        append(sb, start, "aggregator", aggregator);
        append(sb, start, "communities", communities);
        append(sb, start, "extended-communities", extendedCommunities);
        append(sb, start, "large-communities", largeCommunities);
        append(sb, start, "mp-next-hop", mpNextHop);
        for (RawAttribute r : unknown) {
            append(sb, start, "raw", r);
        }
        return sb.append(']').toString();
    }

    private static void append(StringBuilder sb, int start, String name, Object value) {
        if (value == null) {
            return;
        }
        if (sb.length() > start) {
            sb.append(", ");
        }
        sb.append(name);
        String text = value.toString();
        if (!text.isEmpty()) {
            sb.append('=').append(text);
        }
    }

    /** Assembles a {@link PathAttributes}; the builder itself is not thread-safe. */
    public static final class Builder {
        private Origin origin;
        private AsPath asPath;
        private NextHop nextHop;
        private MultiExitDisc med;
        private LocalPref localPref;
        private boolean atomicAggregate;
        private Aggregator aggregator;
        private Communities communities;
        private ExtendedCommunities extendedCommunities;
        private LargeCommunities largeCommunities;
        private MpNextHop mpNextHop;
        private final List<RawAttribute> unknown = new ArrayList<>();

        private Builder() {}

        public Builder origin(Origin v) {
            origin = v;
            return this;
        }

        public Builder asPath(AsPath v) {
            asPath = v;
            return this;
        }

        public Builder nextHop(IpAddress v) {
            nextHop = v == null ? null : new NextHop(v);
            return this;
        }

        public Builder med(long v) {
            med = new MultiExitDisc(v);
            return this;
        }

        public Builder clearMed() {
            med = null;
            return this;
        }

        public Builder localPref(long v) {
            localPref = new LocalPref(v);
            return this;
        }

        public Builder clearLocalPref() {
            localPref = null;
            return this;
        }

        public Builder atomicAggregate(boolean v) {
            atomicAggregate = v;
            return this;
        }

        public Builder aggregator(Aggregator v) {
            aggregator = v;
            return this;
        }

        public Builder communities(Communities v) {
            communities = v;
            return this;
        }

        public Builder extendedCommunities(ExtendedCommunities v) {
            extendedCommunities = v;
            return this;
        }

        public Builder largeCommunities(LargeCommunities v) {
            largeCommunities = v;
            return this;
        }

        public Builder mpNextHop(MpNextHop v) {
            mpNextHop = v;
            return this;
        }

        /**
         * Adds an uninterpreted attribute. Types this class models (or that exist only on the
         * wire, AS4_PATH and AS4_AGGREGATOR) are refused: two sources for one attribute would
         * encode it twice.
         */
        public Builder unknown(RawAttribute v) {
            AttributeType t = AttributeType.ofCode(v.typeCode());
            if (t != null) {
                switch (t) {
                    case ORIGINATOR_ID, CLUSTER_LIST, MP_REACH_NLRI, MP_UNREACH_NLRI -> {}
                    default -> throw new IllegalArgumentException(t + " is modelled; set it with its own method");
                }
            }
            for (RawAttribute r : unknown) {
                if (r.typeCode() == v.typeCode()) {
                    throw new IllegalArgumentException(AttributeType.nameOf(v.typeCode()) + " is already present");
                }
            }
            unknown.add(v);
            return this;
        }

        public Builder clearUnknown() {
            unknown.clear();
            return this;
        }

        public PathAttributes build() {
            return new PathAttributes(this);
        }
    }
}
