package io.ovnbgp.bgp.wire;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * UPDATE (RFC 4271 §4.3, RFC 4760). The classic Withdrawn Routes and NLRI fields are IPv4; other
 * families travel in MP_REACH_NLRI / MP_UNREACH_NLRI, whose prefixes are here and whose next hop
 * is in {@link PathAttributes#mpNextHop()}.
 *
 * <p>A decoded UPDATE may carry an RFC 7606 outcome: {@link #errorAction()} and the
 * {@link #problems()} found. Under treat-as-withdraw, {@link #allAnnounced()} is empty and
 * {@link #allWithdrawn()} includes every prefix the message tried to announce, so a receiver that
 * only looks at those two cannot get it wrong.
 *
 * @param layout how the attributes were laid out on the wire when this was decoded, or null;
 *               not part of equality (see {@link WireLayout})
 */
public record UpdateMessage(
        List<Prefix> withdrawn,
        PathAttributes attributes,
        List<Prefix> nlri,
        Optional<MpNlri> mpReach,
        Optional<MpNlri> mpUnreach,
        UpdateErrorAction errorAction,
        List<AttributeProblem> problems,
        WireLayout layout)
        implements BgpMessage {

    public UpdateMessage {
        withdrawn = List.copyOf(withdrawn);
        nlri = List.copyOf(nlri);
        problems = List.copyOf(problems);
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(mpReach, "mpReach");
        Objects.requireNonNull(mpUnreach, "mpUnreach");
        Objects.requireNonNull(errorAction, "errorAction");
        for (Prefix p : withdrawn) {
            requireIpv4(p, "Withdrawn Routes");
        }
        for (Prefix p : nlri) {
            requireIpv4(p, "NLRI");
        }
        if (mpReach.isPresent()) {
            MpNextHop nh = attributes
                    .mpNextHop()
                    .orElseThrow(() -> new IllegalArgumentException(
                            "MP_REACH_NLRI needs a next hop: set PathAttributes.mpNextHop"));
            if (mpReach.get().family().afi() == AfiSafi.AFI_IPV6 && !nh.global().v6()) {
                throw new IllegalArgumentException("an IPv6 MP_REACH_NLRI needs an IPv6 next hop, not " + nh);
            }
        }
        for (RawAttribute r : attributes.unknown()) {
            if ((r.typeCode() == AttributeType.MP_REACH_NLRI.code() && mpReach.isPresent())
                    || (r.typeCode() == AttributeType.MP_UNREACH_NLRI.code() && mpUnreach.isPresent())) {
                throw new IllegalArgumentException(
                        "an UPDATE carries at most one " + AttributeType.nameOf(r.typeCode()));
            }
        }
    }

    private static void requireIpv4(Prefix p, String field) {
        if (p.isIpv6()) {
            throw new IllegalArgumentException(
                    "the " + field + " field carries IPv4 only; put " + p + " in MP_REACH/MP_UNREACH_NLRI");
        }
    }

    public UpdateMessage(
            List<Prefix> withdrawn,
            PathAttributes attributes,
            List<Prefix> nlri,
            Optional<MpNlri> mpReach,
            Optional<MpNlri> mpUnreach) {
        this(withdrawn, attributes, nlri, mpReach, mpUnreach, UpdateErrorAction.NONE, List.of(), null);
    }

    public UpdateMessage(List<Prefix> withdrawn, PathAttributes attributes, List<Prefix> nlri) {
        this(withdrawn, attributes, nlri, Optional.empty(), Optional.empty());
    }

    /** IPv4 prefixes announced in the classic NLRI field; {@code attributes} needs NEXT_HOP. */
    public static UpdateMessage announce(PathAttributes attributes, List<Prefix> prefixes) {
        return new UpdateMessage(List.of(), attributes, prefixes);
    }

    /** IPv4 prefixes withdrawn in the classic Withdrawn Routes field. */
    public static UpdateMessage withdraw(List<Prefix> prefixes) {
        return new UpdateMessage(prefixes, PathAttributes.EMPTY, List.of());
    }

    /** Prefixes of {@code family} announced in MP_REACH_NLRI; {@code attributes} needs mpNextHop. */
    public static UpdateMessage mpAnnounce(AfiSafi family, PathAttributes attributes, List<Prefix> prefixes) {
        return new UpdateMessage(
                List.of(), attributes, List.of(), Optional.of(new MpNlri(family, prefixes)), Optional.empty());
    }

    /** Prefixes of {@code family} withdrawn in MP_UNREACH_NLRI. */
    public static UpdateMessage mpWithdraw(AfiSafi family, List<Prefix> prefixes) {
        return new UpdateMessage(
                List.of(),
                PathAttributes.EMPTY,
                List.of(),
                Optional.empty(),
                Optional.of(new MpNlri(family, prefixes)));
    }

    /** The End-of-RIB marker (RFC 4724 §2): an empty UPDATE for IPv4 unicast, an empty MP_UNREACH_NLRI otherwise. */
    public static UpdateMessage endOfRibMarker(AfiSafi family) {
        if (family.equals(AfiSafi.IPV4_UNICAST)) {
            return new UpdateMessage(List.of(), PathAttributes.EMPTY, List.of());
        }
        return mpWithdraw(family, List.of());
    }

    @Override
    public MessageType type() {
        return MessageType.UPDATE;
    }

    /**
     * The family whose End-of-RIB this is (RFC 4724 §2), if it is one: an UPDATE with nothing in
     * it (IPv4 unicast), or one whose only content is an MP_UNREACH_NLRI without prefixes.
     * Other attributes next to that MP_UNREACH_NLRI are tolerated: they carry no meaning there.
     */
    public Optional<AfiSafi> endOfRib() {
        if (!withdrawn.isEmpty() || !nlri.isEmpty() || mpReach.isPresent()) {
            return Optional.empty();
        }
        if (mpUnreach.isEmpty()) {
            return attributes.isEmpty() ? Optional.of(AfiSafi.IPV4_UNICAST) : Optional.empty();
        }
        return mpUnreach.get().prefixes().isEmpty()
                ? Optional.of(mpUnreach.get().family())
                : Optional.empty();
    }

    public boolean isTreatAsWithdraw() {
        return errorAction == UpdateErrorAction.TREAT_AS_WITHDRAW;
    }

    /** Every prefix this UPDATE announces (classic then MP); empty under treat-as-withdraw. */
    public List<Prefix> allAnnounced() {
        if (isTreatAsWithdraw()) {
            return List.of();
        }
        return concat(nlri, mpReach.map(MpNlri::prefixes).orElse(List.of()));
    }

    /**
     * Every prefix this UPDATE withdraws (classic then MP); under treat-as-withdraw also every
     * prefix it tried to announce (RFC 7606 §2).
     */
    public List<Prefix> allWithdrawn() {
        List<Prefix> out = concat(withdrawn, mpUnreach.map(MpNlri::prefixes).orElse(List.of()));
        if (isTreatAsWithdraw()) {
            out = concat(out, concat(nlri, mpReach.map(MpNlri::prefixes).orElse(List.of())));
        }
        return out;
    }

    private static List<Prefix> concat(List<Prefix> a, List<Prefix> b) {
        if (b.isEmpty()) {
            return a;
        }
        if (a.isEmpty()) {
            return b;
        }
        List<Prefix> out = new ArrayList<>(a.size() + b.size());
        out.addAll(a);
        out.addAll(b);
        return List.copyOf(out);
    }

    /** This UPDATE with other attributes (and no wire layout, which belonged to the old ones). */
    public UpdateMessage withAttributes(PathAttributes newAttributes) {
        return new UpdateMessage(withdrawn, newAttributes, nlri, mpReach, mpUnreach, errorAction, problems, null);
    }

    /** The wire layout is not meaning: two UPDATEs that say the same thing are equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof UpdateMessage u
                && u.withdrawn.equals(withdrawn)
                && u.attributes.equals(attributes)
                && u.nlri.equals(nlri)
                && u.mpReach.equals(mpReach)
                && u.mpUnreach.equals(mpUnreach)
                && u.errorAction == errorAction
                && u.problems.equals(problems);
    }

    @Override
    public int hashCode() {
        return Objects.hash(withdrawn, attributes, nlri, mpReach, mpUnreach, errorAction, problems);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("UPDATE[");
        Optional<AfiSafi> eor = endOfRib();
        if (eor.isPresent()) {
            return sb.append("End-of-RIB ").append(eor.get()).append(']').toString();
        }
        if (!withdrawn.isEmpty()) {
            sb.append("withdrawn=").append(withdrawn).append(", ");
        }
        mpUnreach.ifPresent(m -> sb.append("mp-unreach ")
                .append(m.family())
                .append('=')
                .append(m.prefixes())
                .append(", "));
        if (!nlri.isEmpty()) {
            sb.append("nlri=").append(nlri).append(", ");
        }
        mpReach.ifPresent(m -> sb.append("mp-reach ")
                .append(m.family())
                .append('=')
                .append(m.prefixes())
                .append(", "));
        sb.append(attributes);
        if (errorAction != UpdateErrorAction.NONE) {
            sb.append(", ").append(errorAction).append(' ').append(problems);
        }
        return sb.append(']').toString();
    }
}
