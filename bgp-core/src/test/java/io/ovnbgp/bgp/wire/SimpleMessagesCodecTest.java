package io.ovnbgp.bgp.wire;

import static io.ovnbgp.bgp.wire.Wire.assertFailure;
import static io.ovnbgp.bgp.wire.Wire.decode;
import static io.ovnbgp.bgp.wire.Wire.encode;
import static io.ovnbgp.bgp.wire.Wire.failure;
import static io.ovnbgp.bgp.wire.Wire.hex;
import static io.ovnbgp.bgp.wire.Wire.message;
import static io.ovnbgp.bgp.wire.Wire.roundTrip;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** KEEPALIVE, NOTIFICATION and ROUTE-REFRESH. */
class SimpleMessagesCodecTest {

    private static final CodecContext CTX = Wire.FOUR_OCTET;

    @Test
    void keepaliveRoundTrips() throws Exception {
        assertThat(roundTrip(Vectors.KEEPALIVE, CTX, KeepaliveMessage.class)).isSameAs(KeepaliveMessage.INSTANCE);
    }

    @Test
    void keepaliveWithABodyHasABadLength() {
        BgpDecodeException e = failure(message(4, "00"), CTX);
        assertFailure(e, ErrorSubcode.BAD_MESSAGE_LENGTH);
        assertThat(e.data()).containsExactly(0x00, 0x14);
    }

    @Test
    void shutdownNotificationRoundTripsWithItsCommunication() throws Exception {
        NotificationMessage n = roundTrip(Vectors.NOTIFICATION_SHUTDOWN, CTX, NotificationMessage.class);

        assertThat(n.reason()).contains(ErrorSubcode.ADMINISTRATIVE_SHUTDOWN);
        assertThat(n.shutdownCommunication()).contains("maintenance");
        assertThat(n).hasToString("Cease / Administrative Shutdown: \"maintenance\"");
        assertThat(n).isEqualTo(NotificationMessage.administrativeShutdown("maintenance"));
    }

    @Test
    void holdTimerExpiredRoundTripsAndPrintsWithoutSubcode() throws Exception {
        NotificationMessage n = roundTrip(Vectors.NOTIFICATION_HOLD_TIMER, CTX, NotificationMessage.class);
        assertThat(n).hasToString("Hold Timer Expired");
    }

    @Test
    void notificationNamesFollowTheRfcs() {
        assertThat(NotificationMessage.of(ErrorSubcode.MALFORMED_AS_PATH))
                .hasToString("UPDATE Message Error / Malformed AS_PATH");
        assertThat(new NotificationMessage(1, 2, new byte[] {0x12, 0x34}))
                .hasToString("Message Header Error / Bad Message Length (data 1234)");
        assertThat(new NotificationMessage(5, 3, null))
                .hasToString("Finite State Machine Error / Receive Unexpected Message in Established State");
        assertThat(new NotificationMessage(6, 10, null)).hasToString("Cease / BFD Down");
        assertThat(new NotificationMessage(7, 1, null))
                .hasToString("ROUTE-REFRESH Message Error / Invalid Message Length");
        assertThat(new NotificationMessage(2, 7, null)).hasToString("OPEN Message Error / Unsupported Capability");
        assertThat(new NotificationMessage(6, 42, null)).hasToString("Cease / subcode 42");
        assertThat(new NotificationMessage(99, 1, null)).hasToString("Error Code 99 / subcode 1");
    }

    @Test
    void unknownNotificationCodesDecodeAsReceived() throws Exception {
        NotificationMessage n = roundTrip(message(3, "63 07 0102"), CTX, NotificationMessage.class);
        assertThat(n.code()).isEqualTo(99);
        assertThat(n.reason()).isEmpty();
    }

    @Test
    void shutdownCommunicationIsCutAtACharacterBoundaryWithin255Octets() {
        String text = "é".repeat(200); // 400 octets of UTF-8
        NotificationMessage n = NotificationMessage.administrativeReset(text);

        assertThat(n.data()[0] & 0xFF).isEqualTo(254);
        assertThat(n.shutdownCommunication()).contains("é".repeat(127));
    }

    @Test
    void malformedShutdownCommunicationIsIgnored() {
        // length octet beyond the data, and invalid UTF-8
        assertThat(new NotificationMessage(6, 2, new byte[] {5, 'a'}).shutdownCommunication())
                .isEmpty();
        assertThat(new NotificationMessage(6, 4, new byte[] {1, (byte) 0xC3}).shutdownCommunication())
                .isEmpty();
        assertThat(new NotificationMessage(6, 3, ShutdownCommunication.encode("x")).shutdownCommunication())
                .as("only Shutdown and Reset carry one")
                .isEmpty();
    }

    @Test
    void notificationDataIsCopiedNotShared() {
        byte[] data = "abc".getBytes(StandardCharsets.US_ASCII);
        NotificationMessage n = new NotificationMessage(6, 2, data);
        data[0] = 'z';
        n.data()[1] = 'z';
        assertThat(n.data()).containsExactly('a', 'b', 'c');
    }

    @Test
    void notificationShorterThan21OctetsHasABadLength() {
        assertFailure(failure(message(3, "06"), CTX), ErrorSubcode.BAD_MESSAGE_LENGTH);
    }

    @Test
    void routeRefreshRoundTrips() throws Exception {
        RouteRefreshMessage rr = roundTrip(Vectors.ROUTE_REFRESH_IPV6, CTX, RouteRefreshMessage.class);
        assertThat(rr).isEqualTo(RouteRefreshMessage.request(AfiSafi.IPV6_UNICAST));

        RouteRefreshMessage borr = roundTrip(Vectors.ROUTE_REFRESH_BORR_IPV4, CTX, RouteRefreshMessage.class);
        assertThat(borr.subtype()).isEqualTo(RouteRefreshMessage.BEGINNING_OF_ROUTE_REFRESH);
        assertThat(borr).hasToString("ROUTE-REFRESH[ipv4-unicast BoRR]");

        RouteRefreshMessage eorr =
                new RouteRefreshMessage(AfiSafi.IPV4_UNICAST, RouteRefreshMessage.END_OF_ROUTE_REFRESH);
        assertThat(hex(encode(eorr, CTX))).isEqualTo("ffffffffffffffffffffffffffffffff0017050001" + "0201");
    }

    @Test
    void routeRefreshWithUnknownSubtypeIsDecodedForTheFsmToIgnore() throws Exception {
        assertThat(roundTrip(message(5, "0001 07 01"), CTX, RouteRefreshMessage.class)
                        .subtype())
                .isEqualTo(7);
    }

    @Test
    void routeRefreshOfWrongLengthAnswersWithTheWholeMessage() {
        byte[] tooLong = message(5, "0001 01 01 00");
        BgpDecodeException e = failure(tooLong, CTX);
        assertFailure(e, ErrorSubcode.INVALID_MESSAGE_LENGTH);
        assertThat(e.data()).isEqualTo(tooLong);
        assertThat(e.toNotification()).isEqualTo(new NotificationMessage(7, 1, tooLong));

        byte[] tooShort = message(5, "0001 02");
        assertThat(failure(tooShort, CTX).data()).isEqualTo(tooShort);
    }

    @Test
    void messageObjectsArePrintable() throws Exception {
        assertThat(KeepaliveMessage.INSTANCE).hasToString("KEEPALIVE");
        assertThat(decode(Vectors.OPEN_ONE_PARAMETER, CodecContext.BEFORE_OPEN).toString())
                .startsWith("OPEN[version=4, as=4200000001, holdTime=90, id=10.0.0.1");
    }
}
