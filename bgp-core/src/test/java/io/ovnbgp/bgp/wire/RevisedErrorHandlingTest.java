package io.ovnbgp.bgp.wire;

import static io.ovnbgp.bgp.wire.UpdateErrorAction.ATTRIBUTE_DISCARD;
import static io.ovnbgp.bgp.wire.UpdateErrorAction.NONE;
import static io.ovnbgp.bgp.wire.UpdateErrorAction.TREAT_AS_WITHDRAW;
import static io.ovnbgp.bgp.wire.Wire.assertFailure;
import static io.ovnbgp.bgp.wire.Wire.failure;
import static io.ovnbgp.bgp.wire.Wire.hex;
import static io.ovnbgp.bgp.wire.Wire.message;
import static io.ovnbgp.bgp.wire.Wire.update;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 7606 outcomes, section by section and attribute by attribute. */
class RevisedErrorHandlingTest {

    private static final String ORIGIN = "40 01 01 00";
    private static final String AS_PATH = "40 02 06 02 01 0000fde9";
    private static final String NEXT_HOP = "40 03 04 c0000201";
    private static final String VALID = ORIGIN + AS_PATH + NEXT_HOP;
    private static final String NLRI = "18 0a0101";
    private static final Prefix ANNOUNCED = Prefix.parse("10.1.1.0/24");
    /** 2001:db8:1::/48 via 2001:db8::1. */
    private static final String MP_REACH_V6 = "80 0e 1c 0002 01 10 20010db8000000000000000000000001 00 30 20010db80001";

    private static final Prefix ANNOUNCED_V6 = Prefix.parse("2001:db8:1::/48");
    /** withdraws 2001:db8:2::/48. */
    private static final String MP_UNREACH_V6 = "80 0f 0a 0002 01 30 20010db80002";

    private static UpdateMessage decode(String attributes, String nlri) throws BgpDecodeException {
        return Wire.decode(update("", attributes, nlri), Wire.FOUR_OCTET, UpdateMessage.class);
    }

    private static UpdateMessage decode2(String attributes, String nlri) throws BgpDecodeException {
        return Wire.decode(update("", attributes, nlri), Wire.TWO_OCTET, UpdateMessage.class);
    }

    private static BgpDecodeException reset(String attributes, String nlri) {
        return failure(update("", attributes, nlri), Wire.FOUR_OCTET);
    }

    private static void assertOutcome(
            UpdateMessage u, UpdateErrorAction action, AttributeType type, ErrorSubcode subcode) {
        assertThat(u.errorAction()).as("%s", u).isEqualTo(action);
        assertThat(u.problems()).as("%s", u).anySatisfy(p -> {
            assertThat(p.typeCode()).isEqualTo(type == null ? 0 : type.code());
            assertThat(p.subcode()).isEqualTo(subcode);
            assertThat(p.action()).isEqualTo(action);
        });
    }

    /** Treat-as-withdraw: nothing announced, the announced prefixes withdrawn. */
    private static void assertWithdrawsAll(UpdateMessage u, Prefix... prefixes) {
        assertThat(u.isTreatAsWithdraw()).isTrue();
        assertThat(u.allAnnounced()).isEmpty();
        assertThat(u.allWithdrawn()).contains(prefixes);
    }

    @Nested
    class Section7Attributes {

        @Test
        void undefinedOriginValue() throws Exception {
            UpdateMessage u = decode("40 01 01 03" + AS_PATH + NEXT_HOP, NLRI);
            assertOutcome(u, TREAT_AS_WITHDRAW, AttributeType.ORIGIN, ErrorSubcode.INVALID_ORIGIN_ATTRIBUTE);
            assertWithdrawsAll(u, ANNOUNCED);
            assertThat(u.problems().get(0).data()).isEqualTo(hex("40010103"));
            assertThat(u.problems().get(0))
                    .hasToString(
                            "treat-as-withdraw (UPDATE Message Error / Invalid ORIGIN Attribute): ORIGIN: undefined value 3 (RFC 7606 §7.1)");
        }

        @Test
        void originOfWrongLength() throws Exception {
            UpdateMessage u = decode("40 01 02 0000" + AS_PATH + NEXT_HOP, NLRI);
            assertOutcome(u, TREAT_AS_WITHDRAW, AttributeType.ORIGIN, ErrorSubcode.ATTRIBUTE_LENGTH_ERROR);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(
                delimiter = ';',
                value = {
                    "segment overruns the attribute;  40 02 06 02 03 0000fde9;     needs 12 octets but 4 remain",
                    "unknown segment type;            40 02 06 05 01 0000fde9;     unknown path segment type 5",
                    "zero segment length;             40 02 02 02 00;              path segment length 0",
                    "one octet left over;             40 02 07 02 01 0000fde9 02;  1 octet left",
                    "AS 0 (RFC 7607);                 40 02 06 02 01 00000000;     AS 0",
                    "2-octet path on 4-octet session; 40 02 04 02 01 fde9;         needs 4 octets but 2 remain",
                })
        void malformedAsPath(String name, String asPath, String reason) throws Exception {
            UpdateMessage u = decode(ORIGIN + asPath + NEXT_HOP, NLRI);
            assertOutcome(u, TREAT_AS_WITHDRAW, AttributeType.AS_PATH, ErrorSubcode.MALFORMED_AS_PATH);
            assertThat(u.problems().get(0).reason()).contains(reason);
            assertWithdrawsAll(u, ANNOUNCED);
        }

        @Test
        void emptyAsPathIsValid() throws Exception {
            assertThat(decode(ORIGIN + "40 02 00" + NEXT_HOP, NLRI).errorAction())
                    .isEqualTo(NONE);
        }

        @Test
        void nextHopOfWrongLength() throws Exception {
            UpdateMessage u = decode(ORIGIN + AS_PATH + "40 03 05 c000020100", NLRI);
            assertOutcome(u, TREAT_AS_WITHDRAW, AttributeType.NEXT_HOP, ErrorSubcode.ATTRIBUTE_LENGTH_ERROR);
        }

        @Test
        void brokenNextHopBesideMpReachOnlyIsDiscardedSinceItWouldBeIgnored() throws Exception {
            UpdateMessage u = decode(MP_REACH_V6 + ORIGIN + AS_PATH + "40 03 03 c00002", "");
            assertOutcome(u, ATTRIBUTE_DISCARD, AttributeType.NEXT_HOP, ErrorSubcode.ATTRIBUTE_LENGTH_ERROR);
            assertThat(u.allAnnounced()).containsExactly(ANNOUNCED_V6);
        }

        @Test
        void medAndLocalPrefOfWrongLength() throws Exception {
            assertOutcome(
                    decode(VALID + "80 04 03 000001", NLRI),
                    TREAT_AS_WITHDRAW,
                    AttributeType.MULTI_EXIT_DISC,
                    ErrorSubcode.ATTRIBUTE_LENGTH_ERROR);
            assertOutcome(
                    decode(VALID + "40 05 02 0064", NLRI),
                    TREAT_AS_WITHDRAW,
                    AttributeType.LOCAL_PREF,
                    ErrorSubcode.ATTRIBUTE_LENGTH_ERROR);
        }

        @Test
        void atomicAggregateWithAValueIsDiscarded() throws Exception {
            UpdateMessage u = decode(VALID + "40 06 01 00", NLRI);
            assertOutcome(u, ATTRIBUTE_DISCARD, AttributeType.ATOMIC_AGGREGATE, ErrorSubcode.ATTRIBUTE_LENGTH_ERROR);
            assertThat(u.attributes().atomicAggregate()).isFalse();
            assertThat(u.allAnnounced()).containsExactly(ANNOUNCED);
            assertThat(u.allWithdrawn()).isEmpty();
        }

        @Test
        void aggregatorOfWrongLengthIsDiscarded() throws Exception {
            UpdateMessage four = decode(VALID + "c0 07 07 0000fde9 c00002", NLRI);
            assertOutcome(four, ATTRIBUTE_DISCARD, AttributeType.AGGREGATOR, ErrorSubcode.ATTRIBUTE_LENGTH_ERROR);
            assertThat(four.attributes().aggregator()).isEmpty();

            // 8 octets is right for 4-octet sessions only
            UpdateMessage two = decode2(ORIGIN + "40 02 04 02 01 fde9" + NEXT_HOP + "c0 07 08 0000fde9 c0000201", NLRI);
            assertOutcome(two, ATTRIBUTE_DISCARD, AttributeType.AGGREGATOR, ErrorSubcode.ATTRIBUTE_LENGTH_ERROR);
            assertThat(two.allAnnounced()).containsExactly(ANNOUNCED);
        }

        @ParameterizedTest(name = "{0}")
        @CsvSource(
                delimiter = ';',
                value = {
                    "COMMUNITIES not a multiple of 4;          c0 08 06 fde90064 0000;  COMMUNITIES",
                    "COMMUNITIES empty;                        c0 08 00;                COMMUNITIES",
                    "EXTENDED_COMMUNITIES not a multiple of 8; c0 10 0c 0002fde900000064 00000000; EXTENDED_COMMUNITIES",
                    "EXTENDED_COMMUNITIES empty;               c0 10 00;                EXTENDED_COMMUNITIES",
                    "LARGE_COMMUNITY not a multiple of 12;     c0 20 08 0000fde9 00000001; LARGE_COMMUNITY",
                    "LARGE_COMMUNITY empty;                    c0 20 00;                LARGE_COMMUNITY",
                    "ORIGINATOR_ID of 3 octets;                80 09 03 0a0000;         ORIGINATOR_ID",
                    "CLUSTER_LIST not a multiple of 4;         80 0a 06 0a0000010a00;   CLUSTER_LIST",
                })
        void lengthErrorsOfListAttributesAreTreatAsWithdraw(String name, String attribute, AttributeType type)
                throws Exception {
            UpdateMessage u = decode(VALID + attribute, NLRI);
            assertOutcome(u, TREAT_AS_WITHDRAW, type, ErrorSubcode.ATTRIBUTE_LENGTH_ERROR);
            assertWithdrawsAll(u, ANNOUNCED);
        }

        /** Found by hack/chaos/fuzz: these were withdrawn from external peers too. */
        @ParameterizedTest(name = "{0}")
        @CsvSource(
                delimiter = ';',
                value = {
                    "LOCAL_PREF of 2 octets;                   40 05 02 0064;           LOCAL_PREF",
                    "LOCAL_PREF empty;                         40 05 00;                LOCAL_PREF",
                    "ORIGINATOR_ID of 3 octets;                80 09 03 0a0000;         ORIGINATOR_ID",
                    "CLUSTER_LIST not a multiple of 4;         80 0a 06 0a0000010a00;   CLUSTER_LIST",
                })
        void internalOnlyAttributesMalformedFromAnExternalPeerAreDiscarded(
                String name, String attribute, AttributeType type) throws Exception {
            CodecContext external = new CodecContext(true, false, Wire.FOUR_OCTET.families(), true);
            UpdateMessage u = Wire.decode(update("", VALID + attribute, NLRI), external, UpdateMessage.class);
            assertOutcome(u, ATTRIBUTE_DISCARD, type, ErrorSubcode.ATTRIBUTE_LENGTH_ERROR);
            assertThat(u.allAnnounced()).containsExactly(ANNOUNCED);
            assertThat(u.allWithdrawn()).isEmpty();
            assertThat(u.attributes().localPref()).isEmpty();
        }

        @Test
        void malformedAttributeInAnMpUpdateWithdrawsTheMpPrefixes() throws Exception {
            UpdateMessage u = decode(MP_REACH_V6 + ORIGIN + AS_PATH + "80 04 03 000001", "");
            assertOutcome(u, TREAT_AS_WITHDRAW, AttributeType.MULTI_EXIT_DISC, ErrorSubcode.ATTRIBUTE_LENGTH_ERROR);
            assertThat(u.mpReach().orElseThrow().prefixes()).containsExactly(ANNOUNCED_V6);
            assertWithdrawsAll(u, ANNOUNCED_V6);
        }
    }

    @Nested
    class Section3 {

        @Test
        void flagsErrorOfWellKnownOrOptionalAttributeIsTreatAsWithdraw() throws Exception {
            assertOutcome(
                    decode("c0 01 01 00" + AS_PATH + NEXT_HOP, NLRI),
                    TREAT_AS_WITHDRAW,
                    AttributeType.ORIGIN,
                    ErrorSubcode.ATTRIBUTE_FLAGS_ERROR);
            assertOutcome(
                    decode(VALID + "40 08 04 fde90064", NLRI),
                    TREAT_AS_WITHDRAW,
                    AttributeType.COMMUNITIES,
                    ErrorSubcode.ATTRIBUTE_FLAGS_ERROR);
            assertOutcome(
                    decode(VALID + "40 04 04 00000001", NLRI),
                    TREAT_AS_WITHDRAW,
                    AttributeType.MULTI_EXIT_DISC,
                    ErrorSubcode.ATTRIBUTE_FLAGS_ERROR);
        }

        @Test
        void flagsErrorOfAggregatorOrAtomicAggregateIsAttributeDiscard() throws Exception {
            UpdateMessage u = decode(VALID + "80 07 08 0000fde9 c0000201", NLRI);
            assertOutcome(u, ATTRIBUTE_DISCARD, AttributeType.AGGREGATOR, ErrorSubcode.ATTRIBUTE_FLAGS_ERROR);
            assertThat(u.attributes().aggregator()).isEmpty();
            assertOutcome(
                    decode(VALID + "c0 06 00", NLRI),
                    ATTRIBUTE_DISCARD,
                    AttributeType.ATOMIC_AGGREGATE,
                    ErrorSubcode.ATTRIBUTE_FLAGS_ERROR);
        }

        @Test
        void flagsErrorOfMpReachStillWithdrawsItsPrefixes() throws Exception {
            UpdateMessage u = decode("c0" + MP_REACH_V6.substring(2) + ORIGIN + AS_PATH, "");
            assertOutcome(u, TREAT_AS_WITHDRAW, AttributeType.MP_REACH_NLRI, ErrorSubcode.ATTRIBUTE_FLAGS_ERROR);
            assertWithdrawsAll(u, ANNOUNCED_V6);
        }

        @Test
        void partialAndExtendedLengthBitsAreNotFlagErrors() throws Exception {
            byte[] m = update("", "60 01 01 00" + "50 02 0006 02 01 0000fde9" + NEXT_HOP, NLRI);
            UpdateMessage u = Wire.roundTrip(m, Wire.FOUR_OCTET, UpdateMessage.class);
            assertThat(u.errorAction()).isEqualTo(NONE);
        }

        @Test
        void missingWellKnownAttributesAreTreatAsWithdraw() throws Exception {
            UpdateMessage noOrigin = decode(AS_PATH + NEXT_HOP, NLRI);
            assertOutcome(noOrigin, TREAT_AS_WITHDRAW, AttributeType.ORIGIN, ErrorSubcode.MISSING_WELL_KNOWN_ATTRIBUTE);
            assertThat(noOrigin.problems().get(0).data()).containsExactly(1);
            assertWithdrawsAll(noOrigin, ANNOUNCED);

            UpdateMessage noAsPath = decode(ORIGIN + NEXT_HOP, NLRI);
            assertOutcome(
                    noAsPath, TREAT_AS_WITHDRAW, AttributeType.AS_PATH, ErrorSubcode.MISSING_WELL_KNOWN_ATTRIBUTE);
            assertThat(noAsPath.problems().get(0).data()).containsExactly(2);

            UpdateMessage noNextHop = decode(ORIGIN + AS_PATH, NLRI);
            assertOutcome(
                    noNextHop, TREAT_AS_WITHDRAW, AttributeType.NEXT_HOP, ErrorSubcode.MISSING_WELL_KNOWN_ATTRIBUTE);
            assertThat(noNextHop.problems().get(0).data()).containsExactly(3);

            UpdateMessage mpNoOrigin = decode(MP_REACH_V6 + AS_PATH, "");
            assertOutcome(
                    mpNoOrigin, TREAT_AS_WITHDRAW, AttributeType.ORIGIN, ErrorSubcode.MISSING_WELL_KNOWN_ATTRIBUTE);
            assertWithdrawsAll(mpNoOrigin, ANNOUNCED_V6);
        }

        @Test
        void nextHopIsNotNeededForMpReachAloneNorAnythingForWithdrawals() throws Exception {
            assertThat(decode(MP_REACH_V6 + ORIGIN + AS_PATH, "").errorAction()).isEqualTo(NONE);
            UpdateMessage withdrawOnly = Wire.decode(update("18 0a0202", "", ""), Wire.FOUR_OCTET, UpdateMessage.class);
            assertThat(withdrawOnly.errorAction()).isEqualTo(NONE);
            assertThat(withdrawOnly.allWithdrawn()).containsExactly(Prefix.parse("10.2.2.0/24"));
            assertThat(decode(MP_UNREACH_V6, "").errorAction()).isEqualTo(NONE);
        }

        @Test
        void repeatedAttributesKeepTheFirst() throws Exception {
            UpdateMessage u = decode(VALID + "c0 08 04 fde90064" + "c0 08 04 fde900c8", NLRI);
            assertOutcome(u, ATTRIBUTE_DISCARD, AttributeType.COMMUNITIES, ErrorSubcode.MALFORMED_ATTRIBUTE_LIST);
            assertThat(u.attributes().communities()).isEqualTo(Communities.of(Communities.community(65001, 100)));
            assertThat(u.allAnnounced()).containsExactly(ANNOUNCED);

            UpdateMessage twoOrigins = decode(VALID + "40 01 01 02", NLRI);
            assertThat(twoOrigins.attributes().origin()).contains(Origin.IGP);
            assertThat(twoOrigins.errorAction()).isEqualTo(ATTRIBUTE_DISCARD);
        }

        @Test
        void repeatedMpAttributesResetTheSession() {
            BgpDecodeException reach = reset(MP_REACH_V6 + MP_REACH_V6 + ORIGIN + AS_PATH, "");
            assertFailure(reach, ErrorSubcode.MALFORMED_ATTRIBUTE_LIST);
            assertThat(reach.getMessage())
                    .isEqualTo(
                            "UPDATE Message Error / Malformed Attribute List: MP_REACH_NLRI appears more than once (RFC 7606 §3(g))");
            assertFailure(reset(MP_UNREACH_V6 + MP_UNREACH_V6, ""), ErrorSubcode.MALFORMED_ATTRIBUTE_LIST);
        }

        @Test
        void strongestActionWinsWhenSeveralErrorsMeet() throws Exception {
            UpdateMessage u = decode(VALID + "40 06 01 00" + "80 04 03 000001", NLRI);
            assertThat(u.problems())
                    .extracting(AttributeProblem::action)
                    .containsExactly(ATTRIBUTE_DISCARD, TREAT_AS_WITHDRAW);
            assertThat(u.errorAction()).isEqualTo(TREAT_AS_WITHDRAW);
        }

        @Test
        void withdrawnRoutesLengthOrTotalAttributeLengthTooLarge() {
            assertFailure(failure(message(2, "0010 0000"), Wire.FOUR_OCTET), ErrorSubcode.MALFORMED_ATTRIBUTE_LIST);
            assertFailure(
                    failure(message(2, "0000 0010 400101"), Wire.FOUR_OCTET), ErrorSubcode.MALFORMED_ATTRIBUTE_LIST);
        }

        @Test
        void invalidPrefixesInNlriOrWithdrawnRoutesAreInvalidNetworkField() {
            assertFailure(reset(VALID, "21 0a010101 00"), ErrorSubcode.INVALID_NETWORK_FIELD);
            assertFailure(reset(VALID, "18 0a01"), ErrorSubcode.INVALID_NETWORK_FIELD);
            BgpDecodeException withdrawn = failure(update("28 0a0a0a0a0a", "", ""), Wire.FOUR_OCTET);
            assertFailure(withdrawn, ErrorSubcode.INVALID_NETWORK_FIELD);
            assertThat(withdrawn.getMessage()).contains("Withdrawn Routes: prefix length 40 exceeds 32");
        }

        @Test
        void unrecognizedWellKnownAttributeResetsWithTheAttributeAsData() {
            BgpDecodeException e = reset(VALID + "40 63 01 00", NLRI);
            assertFailure(e, ErrorSubcode.UNRECOGNIZED_WELL_KNOWN_ATTRIBUTE);
            assertThat(e.data()).isEqualTo(hex("40630100"));
        }
    }

    @Nested
    class Section4AttributeLengths {

        @Test
        void attributeOverrunningThePathAttributesIsTreatAsWithdraw() throws Exception {
            UpdateMessage u = decode(VALID + "c0 08 08 fde90064", NLRI);
            assertOutcome(u, TREAT_AS_WITHDRAW, AttributeType.COMMUNITIES, ErrorSubcode.ATTRIBUTE_LENGTH_ERROR);
            assertWithdrawsAll(u, ANNOUNCED);
        }

        @Test
        void tooFewOctetsForAnAttributeHeaderIsTreatAsWithdraw() throws Exception {
            assertOutcome(
                    decode(VALID + "c0 08", NLRI), TREAT_AS_WITHDRAW, null, ErrorSubcode.MALFORMED_ATTRIBUTE_LIST);
            assertOutcome(
                    decode(VALID + "d0 08 00", NLRI), TREAT_AS_WITHDRAW, null, ErrorSubcode.MALFORMED_ATTRIBUTE_LIST);
        }

        @Test
        void mpReachOverrunningThePathAttributesResetsTheSession() {
            BgpDecodeException e =
                    reset(ORIGIN + AS_PATH + "80 0e 30 0002 01 10 20010db8000000000000000000000001 00", "");
            assertFailure(e, ErrorSubcode.OPTIONAL_ATTRIBUTE_ERROR);
        }
    }

    @Nested
    class Section5Nlri {

        @ParameterizedTest(name = "{0}")
        @CsvSource(
                delimiter = ';',
                value = {
                    "IPv6 next hop of 8 octets (§7.11); 80 0e 14 0002 01 08 20010db800000000 00 30 20010db80001",
                    "IPv4 next hop of 12 octets;        80 0e 15 0001 01 0c 000000000000000000000001 00 18 0a0101",
                    "too short for the fixed fields;    80 0e 04 0002 01 10",
                    "next hop overruns the attribute;   80 0e 08 0002 01 10 20010db8",
                    "prefix length 129;                 80 0e 1c 0002 01 10 20010db8000000000000000000000001 00 81 20010db80001",
                    "prefix overruns the attribute;     80 0e 1b 0002 01 10 20010db8000000000000000000000001 00 30 20010db800",
                })
        void mpReachThatCannotBeParsedResetsTheSession(String name, String mpReach) {
            BgpDecodeException e = reset(mpReach + ORIGIN + AS_PATH, "");
            assertFailure(e, ErrorSubcode.OPTIONAL_ATTRIBUTE_ERROR);
            assertThat(hex(e.data())).as("the attribute is the data").isEqualTo(hex(hex(mpReach)));
        }

        @Test
        void mpUnreachThatCannotBeParsedResetsTheSession() {
            assertFailure(reset("80 0f 02 0002", ""), ErrorSubcode.OPTIONAL_ATTRIBUTE_ERROR);
            assertFailure(reset("80 0f 05 0002 01 c8 20", ""), ErrorSubcode.OPTIONAL_ATTRIBUTE_ERROR);
        }

        @Test
        void attributeErrorsWithoutAnyReachableNlriResetTheSession() {
            // §5.2: only withdrawals, yet attributes besides MP_UNREACH_NLRI, one of them malformed
            BgpDecodeException classic = failure(update("18 0a0202", "c0 08 03 000000", ""), Wire.FOUR_OCTET);
            assertFailure(classic, ErrorSubcode.ATTRIBUTE_LENGTH_ERROR);
            assertThat(classic.data()).isEqualTo(hex("c00803000000"));
            assertThat(classic.getMessage()).contains("RFC 7606 §5.2");

            assertFailure(reset(MP_UNREACH_V6 + "c0 08 03 000000", ""), ErrorSubcode.ATTRIBUTE_LENGTH_ERROR);
            assertFailure(reset("40 01 01 07", ""), ErrorSubcode.INVALID_ORIGIN_ATTRIBUTE);
        }

        @Test
        void attributeDiscardWithoutNlriIsStillJustADiscard() throws Exception {
            UpdateMessage u = decode("40 06 01 00", "");
            assertThat(u.errorAction()).isEqualTo(ATTRIBUTE_DISCARD);
        }
    }

    @Nested
    class Rfc6793As4Attributes {

        @Test
        void malformedAs4PathIsDiscardedAndAsPathUsedAsIs() throws Exception {
            UpdateMessage u = decode2(ORIGIN + "40 02 04 02 01 5ba0" + NEXT_HOP + "c0 11 05 02 01 fa56ea", NLRI);
            assertOutcome(u, ATTRIBUTE_DISCARD, AttributeType.AS4_PATH, ErrorSubcode.OPTIONAL_ATTRIBUTE_ERROR);
            assertThat(u.attributes().asPath()).contains(AsPath.sequence(AsPath.AS_TRANS));
            assertThat(u.allAnnounced()).containsExactly(ANNOUNCED);
        }

        @Test
        void as4PathWithConfederationSegmentsLosesThem() throws Exception {
            UpdateMessage u =
                    decode2(ORIGIN + "40 02 04 02 01 5ba0" + NEXT_HOP + "c0 11 0c 03 01 0000fde9 02 01 fa56ea01", NLRI);
            assertOutcome(u, ATTRIBUTE_DISCARD, AttributeType.AS4_PATH, ErrorSubcode.OPTIONAL_ATTRIBUTE_ERROR);
            assertThat(u.attributes().asPath()).contains(AsPath.sequence(4200000001L));
        }

        @Test
        void as4AttributesOnAFourOctetSessionAreDiscarded() throws Exception {
            UpdateMessage u = decode(VALID + "c0 11 06 02 01 fa56ea01" + "c0 12 08 fa56ea01 c0000201", NLRI);
            assertThat(u.problems()).extracting(AttributeProblem::typeCode).containsExactly(17, 18);
            assertThat(u.errorAction()).isEqualTo(ATTRIBUTE_DISCARD);
            assertThat(u.attributes().asPath()).contains(AsPath.sequence(65001));
        }

        @Test
        void as4AggregatorOfWrongLengthIsDiscarded() throws Exception {
            UpdateMessage u = decode2(
                    ORIGIN + "40 02 04 02 01 fde9" + NEXT_HOP + "c0 07 06 5ba0 c0000201" + "c0 12 07 fa56ea01 c00002",
                    NLRI);
            assertOutcome(u, ATTRIBUTE_DISCARD, AttributeType.AS4_AGGREGATOR, ErrorSubcode.ATTRIBUTE_LENGTH_ERROR);
            assertThat(u.attributes().aggregator())
                    .contains(new Aggregator(AsPath.AS_TRANS, IpAddress.parse("192.0.2.1")));
        }
    }
}
