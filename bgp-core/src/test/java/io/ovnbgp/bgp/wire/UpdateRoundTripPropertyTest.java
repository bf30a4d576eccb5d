package io.ovnbgp.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Random valid UPDATEs: encode then decode gives the same value, and decode then encode the same octets. */
class UpdateRoundTripPropertyTest {

    private static final int TRIES = 1000;

    @Property(tries = TRIES)
    void fourOctetSessions(@ForAll("fourOctetUpdates") UpdateMessage m) throws Exception {
        assertRoundTrip(m, Wire.FOUR_OCTET);
    }

    @Property(tries = TRIES)
    void twoOctetSessions(@ForAll("twoOctetUpdates") UpdateMessage m) throws Exception {
        assertRoundTrip(m, Wire.TWO_OCTET);
    }

    private static void assertRoundTrip(UpdateMessage m, CodecContext ctx) throws Exception {
        byte[] bytes = Wire.encode(m, ctx);
        UpdateMessage back = Wire.decode(bytes, ctx, UpdateMessage.class);
        assertThat(back.problems()).isEmpty();
        assertThat(back).isEqualTo(m);
        assertThat(back.attributes()).hasSameHashCodeAs(m.attributes());
        assertThat(Wire.hex(Wire.encode(back, ctx))).isEqualTo(Wire.hex(bytes));
    }

    @Provide
    Arbitrary<UpdateMessage> fourOctetUpdates() {
        return updates(true);
    }

    @Provide
    Arbitrary<UpdateMessage> twoOctetUpdates() {
        return updates(false);
    }

    private static Arbitrary<Long> asns() {
        return Arbitraries.oneOf(
                        Arbitraries.longs().between(1, 0xFFFF),
                        Arbitraries.longs().between(0x10000, 0xFFFFFFFFL),
                        Arbitraries.of(64512L, 65535L, 65536L, 4200000000L, 0xFFFFFFFFL))
                .filter(as -> as != AsPath.AS_TRANS);
    }

    /**
     * On 2-octet sessions confederation segments cannot travel in AS4_PATH, so RFC 6793 only
     * restores them in leading position; the generator keeps to what the protocol can carry.
     */
    private static Arbitrary<AsPath> asPaths(boolean fourOctetAs) {
        Arbitrary<AsPathSegment.Type> types = fourOctetAs
                ? Arbitraries.of(AsPathSegment.Type.class)
                : Arbitraries.of(AsPathSegment.Type.AS_SEQUENCE, AsPathSegment.Type.AS_SET);
        Arbitrary<AsPathSegment> segment = Combinators.combine(
                        types, asns().list().ofMinSize(1).ofMaxSize(8))
                .as((t, list) -> AsPathSegment.of(
                        t, list.stream().mapToLong(Long::longValue).toArray()));
        return segment.list().ofMaxSize(4).map(AsPath::new);
    }

    private static Arbitrary<IpAddress> v4Addresses() {
        return Arbitraries.integers().map(IpAddress::v4);
    }

    private static Arbitrary<IpAddress> v6Addresses() {
        return Combinators.combine(Arbitraries.longs(), Arbitraries.longs()).as(IpAddress::v6);
    }

    private static Arbitrary<Prefix> v4Prefixes() {
        return Combinators.combine(
                        Arbitraries.integers(), Arbitraries.integers().between(0, 32))
                .as(Prefix::ipv4);
    }

    private static Arbitrary<Prefix> v6Prefixes() {
        return Combinators.combine(
                        Arbitraries.longs(),
                        Arbitraries.longs(),
                        Arbitraries.integers().between(0, 128))
                .as(Prefix::ipv6);
    }

    private static Arbitrary<RawAttribute> unknownAttributes() {
        Arbitrary<Integer> flags = Arbitraries.of(0x80, 0xA0, 0xC0, 0xE0);
        Arbitrary<Integer> types = Arbitraries.of(21, 22, 23, 26, 28, 35, 40, 99, 128, 255);
        return Combinators.combine(
                        flags, types, Arbitraries.bytes().array(byte[].class).ofMaxSize(24))
                .as(RawAttribute::new);
    }

    /** Shared attributes except NEXT_HOP and the MP next hop, which depend on what is announced. */
    private static Arbitrary<PathAttributes.Builder> attributes(boolean fourOctetAs) {
        Arbitrary<Optional<Long>> med =
                Arbitraries.longs().between(0, 0xFFFFFFFFL).optional();
        Arbitrary<Optional<Long>> localPref =
                Arbitraries.longs().between(0, 0xFFFFFFFFL).optional();
        Arbitrary<Optional<Aggregator>> aggregator =
                Combinators.combine(asns(), v4Addresses()).as(Aggregator::new).optional();
        Arbitrary<int[]> communities = Arbitraries.integers()
                .list()
                .ofMaxSize(8)
                .map(l -> l.stream().mapToInt(Integer::intValue).toArray());
        Arbitrary<long[]> extended = Arbitraries.longs()
                .list()
                .ofMaxSize(4)
                .map(l -> l.stream().mapToLong(Long::longValue).toArray());
        Arbitrary<int[]> large = Arbitraries.integers()
                .list()
                .ofSize(3)
                .list()
                .ofMaxSize(4)
                .uniqueElements()
                .map(l -> l.stream()
                        .flatMap(List::stream)
                        .mapToInt(Integer::intValue)
                        .toArray());
        Arbitrary<List<RawAttribute>> unknown =
                unknownAttributes().list().ofMaxSize(3).uniqueElements(RawAttribute::typeCode);
        Arbitrary<PathAttributes.Builder> first = Combinators.combine(
                        Arbitraries.of(Origin.class),
                        asPaths(fourOctetAs),
                        med,
                        localPref,
                        Arbitraries.of(true, false),
                        aggregator)
                .as((origin, path, m, lp, atomic, agg) -> {
                    PathAttributes.Builder b =
                            PathAttributes.builder().origin(origin).asPath(path).atomicAggregate(atomic);
                    m.ifPresent(b::med);
                    lp.ifPresent(b::localPref);
                    agg.ifPresent(b::aggregator);
                    return b;
                });
        return Combinators.combine(first, communities, extended, large, unknown).as((b, c, x, l, u) -> {
            b.communities(new Communities(c))
                    .extendedCommunities(new ExtendedCommunities(x))
                    .largeCommunities(new LargeCommunities(l));
            u.forEach(b::unknown);
            return b;
        });
    }

    private static Arbitrary<UpdateMessage> updates(boolean fourOctetAs) {
        Arbitrary<List<Prefix>> v4 = v4Prefixes().list().ofMaxSize(5);
        Arbitrary<List<Prefix>> v6 = v6Prefixes().list().ofMaxSize(5);
        Arbitrary<Optional<MpNextHop>> v6NextHop = Combinators.combine(
                        v6Addresses(), v6Addresses().injectNull(0.5))
                .as(MpNextHop::new)
                .optional();
        Arbitrary<Optional<List<Prefix>>> mpUnreach = v6.optional();
        return Combinators.combine(attributes(fourOctetAs), v4, v4, v4Addresses(), v6NextHop, v6, mpUnreach)
                .as((b, withdrawn, nlri, nextHop, mpNextHop, mpPrefixes, unreach) -> {
                    if (!nlri.isEmpty()) {
                        b.nextHop(nextHop);
                    }
                    Optional<MpNlri> reach = Optional.empty();
                    if (mpNextHop.isPresent()) {
                        b.mpNextHop(mpNextHop.get());
                        reach = Optional.of(new MpNlri(AfiSafi.IPV6_UNICAST, mpPrefixes));
                    }
                    PathAttributes attributes = b.build();
                    if (nlri.isEmpty() && reach.isEmpty()) {
                        // a pure withdrawal carries no attributes (else RFC 4271 would ask what they describe)
                        attributes = PathAttributes.EMPTY;
                    }
                    return new UpdateMessage(
                            new ArrayList<>(withdrawn),
                            attributes,
                            nlri,
                            reach,
                            unreach.map(p -> new MpNlri(AfiSafi.IPV6_UNICAST, p)));
                });
    }
}
