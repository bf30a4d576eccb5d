package io.ovnbgp.bgp.wire;

import static io.ovnbgp.bgp.wire.Wire.assertFailure;
import static io.ovnbgp.bgp.wire.Wire.decode;
import static io.ovnbgp.bgp.wire.Wire.encode;
import static io.ovnbgp.bgp.wire.Wire.failure;
import static io.ovnbgp.bgp.wire.Wire.hex;
import static io.ovnbgp.bgp.wire.Wire.message;
import static io.ovnbgp.bgp.wire.Wire.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class OpenMessageCodecTest {

    private static final CodecContext CTX = CodecContext.BEFORE_OPEN;

    @Test
    void oneCapabilityPerParameterRoundTripsAndDecodesEveryCapability() throws Exception {
        OpenMessage open = roundTrip(Vectors.OPEN_ONE_CAPABILITY_PER_PARAMETER, CTX, OpenMessage.class);

        assertThat(open.version()).isEqualTo(4);
        assertThat(open.myAs16()).isEqualTo(65001);
        assertThat(open.asNumber()).isEqualTo(65001L);
        assertThat(open.holdTime()).isEqualTo(180);
        assertThat(open.bgpIdentifierText()).isEqualTo("192.0.2.1");
        assertThat(open.capabilities())
                .containsExactly(
                        new Capability.Multiprotocol(AfiSafi.IPV4_UNICAST),
                        new Capability.Multiprotocol(AfiSafi.IPV6_UNICAST),
                        new Capability.Unknown(128, new byte[0]),
                        new Capability.RouteRefresh(),
                        new Capability.EnhancedRouteRefresh(),
                        new Capability.FourOctetAs(65001),
                        new Capability.GracefulRestart(
                                true,
                                true,
                                120,
                                List.of(
                                        new Capability.GrFamily(AfiSafi.IPV4_UNICAST, true),
                                        new Capability.GrFamily(AfiSafi.IPV6_UNICAST, false))),
                        new Capability.ExtendedMessage(),
                        new Capability.Unknown(73, hex("05686f73743100")));
        assertThat(open.families()).containsExactly(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST);
    }

    @Test
    void allCapabilitiesInOneParameterRoundTripsAndTheRealAsComesFromTheCapability() throws Exception {
        OpenMessage open = roundTrip(Vectors.OPEN_ONE_PARAMETER, CTX, OpenMessage.class);

        assertThat(open.myAs16()).isEqualTo(OpenMessage.AS_TRANS);
        assertThat(open.asNumber()).isEqualTo(4200000001L);
        assertThat(open.capabilities()).hasSize(6);
        assertThat(open.has(Capability.ExtendedMessage.class)).isTrue();
    }

    @Test
    void extendedOptionalParametersLengthRoundTrips() throws Exception {
        OpenMessage open = roundTrip(Vectors.OPEN_EXTENDED_PARAMETERS, CTX, OpenMessage.class);

        assertThat(open.layout().extendedParameters()).isTrue();
        assertThat(open.holdTime()).isZero();
        assertThat(open.capabilities())
                .containsExactly(
                        new Capability.Multiprotocol(AfiSafi.IPV4_UNICAST), new Capability.FourOctetAs(4200000001L));
    }

    @Test
    void layoutIsNotPartOfTheValue() throws Exception {
        OpenMessage decoded = decode(Vectors.OPEN_ONE_PARAMETER, CTX, OpenMessage.class);
        OpenMessage built = new OpenMessage(
                4, decoded.myAs16(), decoded.holdTime(), decoded.bgpIdentifier(), decoded.capabilities());

        assertThat(built).isEqualTo(decoded).hasSameHashCodeAs(decoded);
        // built without layout: canonical, one capability per parameter, and it decodes back to the same value
        byte[] canonical = encode(built, CTX);
        assertThat(canonical).hasSize(Vectors.OPEN_ONE_PARAMETER.length + 2 * 5);
        assertThat(decode(canonical, CTX)).isEqualTo(built);
    }

    @Test
    void manyCapabilitiesSwitchToTheExtendedForm() throws Exception {
        List<Capability> caps = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            caps.add(new Capability.Unknown(200, new byte[] {(byte) i, 1, 2, 3, 4}));
        }
        OpenMessage open = OpenMessage.of(65001, 90, 0x0a000001, caps);
        byte[] bytes = encode(open, CTX);

        assertThat(bytes[28] & 0xFF).as("Non-Ext OP Len").isEqualTo(255);
        assertThat(bytes[29] & 0xFF).as("Non-Ext OP Type").isEqualTo(255);
        assertThat(decode(bytes, CTX)).isEqualTo(open);
    }

    @Test
    void negotiatedContextTakesWhatBothSidesAdvertise() throws Exception {
        OpenMessage ours = OpenMessage.of(
                65001,
                90,
                1,
                List.of(
                        new Capability.Multiprotocol(AfiSafi.IPV4_UNICAST),
                        new Capability.Multiprotocol(AfiSafi.IPV6_UNICAST),
                        new Capability.FourOctetAs(65001),
                        new Capability.ExtendedMessage()));
        OpenMessage theirs = decode(Vectors.OPEN_ONE_PARAMETER, CTX, OpenMessage.class);
        CodecContext ctx = CodecContext.negotiated(ours, theirs);

        assertThat(ctx.fourOctetAs()).isTrue();
        assertThat(ctx.extendedMessage()).isTrue();
        assertThat(ctx.maxMessageLength()).isEqualTo(65535);
        assertThat(ctx.families()).isEqualTo(Set.of(AfiSafi.IPV4_UNICAST, AfiSafi.IPV6_UNICAST));

        OpenMessage plain = OpenMessage.of(65002, 90, 2, List.of());
        CodecContext old = CodecContext.negotiated(ours, plain);
        assertThat(old.fourOctetAs()).isFalse();
        assertThat(old.families())
                .as("no MP capability means IPv4 unicast (RFC 4760 §8)")
                .containsExactly(AfiSafi.IPV4_UNICAST);
        assertThat(old.externalPeer()).as("AS 65001 and AS 65002").isTrue();
        assertThat(CodecContext.negotiated(ours, OpenMessage.of(65001, 90, 2, List.of()))
                        .externalPeer())
                .isFalse();
    }

    @Test
    void unsupportedVersionAnswersWithVersionFour() {
        BgpDecodeException e = failure(message(1, "03 fde9 00b4 c0000201 00"), CTX);

        assertFailure(e, ErrorSubcode.UNSUPPORTED_VERSION_NUMBER);
        assertThat(e.data()).containsExactly(0, 4);
        assertThat(e.getMessage()).startsWith("OPEN Message Error / Unsupported Version Number: ");
    }

    @Test
    void holdTimeOfOneOrTwoSecondsIsUnacceptable() {
        assertFailure(failure(message(1, "04 fde9 0001 c0000201 00"), CTX), ErrorSubcode.UNACCEPTABLE_HOLD_TIME);
        assertFailure(failure(message(1, "04 fde9 0002 c0000201 00"), CTX), ErrorSubcode.UNACCEPTABLE_HOLD_TIME);
    }

    @Test
    void holdTimesZeroAndThreeAreFine() throws Exception {
        assertThat(decode(message(1, "04 fde9 0000 c0000201 00"), CTX, OpenMessage.class)
                        .holdTime())
                .isZero();
        assertThat(decode(message(1, "04 fde9 0003 c0000201 00"), CTX, OpenMessage.class)
                        .holdTime())
                .isEqualTo(3);
    }

    @Test
    void zeroBgpIdentifierIsBad() {
        assertFailure(failure(message(1, "04 fde9 00b4 00000000 00"), CTX), ErrorSubcode.BAD_BGP_IDENTIFIER);
    }

    @Test
    void optionalParameterOtherThanCapabilitiesIsUnsupported() {
        // type 1 was Authentication Information (deprecated)
        assertFailure(
                failure(message(1, "04 fde9 00b4 c0000201 04 01 02 0000"), CTX),
                ErrorSubcode.UNSUPPORTED_OPTIONAL_PARAMETER);
    }

    @Test
    void malformedParametersAndCapabilities() {
        // Optional Parameters Length says 8, only 6 octets follow
        assertFailure(
                failure(message(1, "04 fde9 00b4 c0000201 08 02 04 0200 0600"), CTX), ErrorSubcode.OPEN_UNSPECIFIC);
        // capability length overruns its parameter
        assertFailure(failure(message(1, "04 fde9 00b4 c0000201 04 02 02 4104"), CTX), ErrorSubcode.OPEN_UNSPECIFIC);
        // 4-octet AS capability with 2 octets
        assertFailure(
                failure(message(1, "04 fde9 00b4 c0000201 06 02 04 4102 fde9"), CTX), ErrorSubcode.OPEN_UNSPECIFIC);
        // Graceful Restart with a partial family
        assertFailure(
                failure(message(1, "04 fde9 00b4 c0000201 07 02 05 4003 0078 00"), CTX), ErrorSubcode.OPEN_UNSPECIFIC);
        // extended form cut short
        assertFailure(failure(message(1, "04 fde9 00b4 c0000201 ff ff 00"), CTX), ErrorSubcode.OPEN_UNSPECIFIC);
    }

    @Test
    void unknownCapabilitiesSurviveAndTheFsmCanIgnoreThem() throws Exception {
        OpenMessage open = roundTrip(
                message(1, "04 fde9 00b4 c0000201 0a 02 08 | 45 04 0001 01 03 | 49 00"), CTX, OpenMessage.class);

        assertThat(open.capabilities())
                .containsExactly(new Capability.Unknown(69, hex("00010103")), new Capability.Unknown(73, new byte[0]));
        assertThat(open.asNumber()).isEqualTo(65001);
        assertThat(open.families()).containsExactly(AfiSafi.IPV4_UNICAST);
    }
}
