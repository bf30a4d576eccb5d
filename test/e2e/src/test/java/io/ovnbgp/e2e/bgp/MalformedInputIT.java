package io.ovnbgp.e2e.bgp;

import static io.ovnbgp.e2e.bgp.RawBgpPeer.KEEPALIVE;
import static io.ovnbgp.e2e.bgp.RawBgpPeer.NOTIFICATION;
import static io.ovnbgp.e2e.bgp.RawBgpPeer.OPEN;
import static io.ovnbgp.e2e.bgp.RawBgpPeer.bytes;
import static io.ovnbgp.e2e.bgp.RawBgpPeer.concat;
import static io.ovnbgp.e2e.bgp.RawBgpPeer.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import io.ovnbgp.bgp.fsm.PeerCounters.UpdateOutcome;
import io.ovnbgp.bgp.fsm.PeerSession;
import io.ovnbgp.bgp.fsm.SessionEvent;
import io.ovnbgp.bgp.fsm.SessionState;
import io.ovnbgp.bgp.transport.BgpSpeaker;
import io.ovnbgp.bgp.wire.AsPath;
import io.ovnbgp.bgp.wire.ErrorSubcode;
import io.ovnbgp.bgp.wire.IpAddress;
import io.ovnbgp.bgp.wire.Origin;
import io.ovnbgp.bgp.wire.PathAttributes;
import io.ovnbgp.bgp.wire.Prefix;
import io.ovnbgp.bgp.wire.UpdateMessage;
import io.ovnbgp.e2e.harness.Daemons;
import io.ovnbgp.e2e.harness.FreePorts;
import io.ovnbgp.e2e.harness.FrrBgpd;
import io.ovnbgp.e2e.harness.FrrConfigs;
import io.ovnbgp.e2e.harness.RealDaemons;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * Bad input on a live session: a BGP peer written by hand on a plain socket (from 127.0.0.5) talks to our speaker
 * and, once Established, sends UPDATEs and octets that break the rules. RFC 7606 errors must cost only the routes
 * (treat-as-withdraw), framing and attribute-section errors a NOTIFICATION with the RFC's code and subcode and
 * that one connection, never another session and never an unexpected exception.
 */
@ExtendWith(RealDaemons.class)
class MalformedInputIT extends OurSpeakers {
    static final String RAW = "127.0.0.5";
    static final long RAW_AS = 65005;
    static final Duration T = Duration.ofSeconds(10);
    static final Prefix RAW_PREFIX = Prefix.parse("198.18.5.0/24");

    // attributes of the raw peer's UPDATEs, octet by octet (flags, type, length, value)
    static final byte[] ORIGIN_IGP = bytes(0x40, 1, 1, 0);
    static final byte[] AS_PATH = bytes(0x40, 2, 6, 2, 1, 0, 0, 0xfd, 0xed); // AS_SEQUENCE [65005], 4-octet
    static final byte[] NEXT_HOP = bytes(0x40, 3, 4, 192, 0, 2, 5); // 192.0.2.5
    static final byte[] MED_10 = bytes(0x80, 4, 4, 0, 0, 0, 10);
    static final byte[] NLRI = bytes(24, 198, 18, 5); // 198.18.5.0/24
    static final byte[] VALID_ATTRIBUTES = concat(ORIGIN_IGP, AS_PATH, NEXT_HOP, MED_10);

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @BeforeEach
    void captureLogs() {
        log.start();
        root().addAppender(log);
    }

    @AfterEach
    void releaseLogs() {
        root().detachAppender(log);
        log.stop();
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }

    // ------------------------------------------------------------------ (a) treat-as-withdraw

    static Stream<Arguments> treatAsWithdraw() {
        return Stream.of(
                Arguments.of(
                        "ORIGIN with undefined value 7 (RFC 7606 §7.1)",
                        concat(bytes(0x40, 1, 1, 7), AS_PATH, NEXT_HOP, MED_10),
                        ErrorSubcode.INVALID_ORIGIN_ATTRIBUTE),
                Arguments.of(
                        "MED of length 3 (RFC 7606 §7.4)",
                        concat(ORIGIN_IGP, AS_PATH, NEXT_HOP, bytes(0x80, 4, 3, 0, 0, 10)),
                        ErrorSubcode.ATTRIBUTE_LENGTH_ERROR),
                Arguments.of(
                        "last attribute's length overruns the path attributes (RFC 7606 §4)",
                        concat(ORIGIN_IGP, AS_PATH, NEXT_HOP, bytes(0x80, 4, 8, 0, 0, 0, 10)),
                        ErrorSubcode.ATTRIBUTE_LENGTH_ERROR));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void treatAsWithdraw(String what, byte[] badAttributes, ErrorSubcode problem) throws Exception {
        BgpSpeaker speaker = speaker();
        Recorder events = new Recorder();
        PeerSession session = startPassive(speaker, events);
        try (RawBgpPeer raw = establish(speaker, session)) {
            raw.keepSessionAlive(Duration.ofSeconds(2));

            raw.send(RawBgpPeer.update(new byte[0], VALID_ATTRIBUTES, NLRI));
            await("the valid announcement").atMost(T).until(() -> events.holds(RAW_PREFIX));
            assertThat(events.announcing(RAW_PREFIX).get(0).attributes())
                    .isEqualTo(PathAttributes.builder()
                            .origin(Origin.IGP)
                            .asPath(AsPath.sequence(RAW_AS))
                            .nextHop(IpAddress.parse("192.0.2.5"))
                            .med(10)
                            .build());

            raw.send(RawBgpPeer.update(new byte[0], badAttributes, NLRI));
            await("the malformed UPDATE, as a withdrawal")
                    .atMost(T)
                    .until(() -> !events.withdrawing(RAW_PREFIX).isEmpty());
            UpdateMessage taw = events.withdrawing(RAW_PREFIX).get(0);
            assertThat(taw.isTreatAsWithdraw()).isTrue();
            assertThat(taw.allWithdrawn()).containsExactly(RAW_PREFIX);
            assertThat(taw.allAnnounced()).isEmpty();
            assertThat(taw.problems()).extracting(p -> p.subcode()).contains(problem);
            assertThat(session.counters().count(UpdateOutcome.TREAT_AS_WITHDRAW))
                    .isEqualTo(1);
            assertThat(session.counters().count(UpdateOutcome.ACCEPTED)).isEqualTo(1);
            assertThat(session.counters().count(UpdateOutcome.SESSION_RESET)).isZero();

            // the session is still there: a KEEPALIVE of ours arrives after it, no NOTIFICATION, no Down
            raw.drain();
            RawBgpPeer.Msg next = raw.next(Duration.ofSeconds(5));
            assertThat(next).as("a message from us within a keepalive interval").isNotNull();
            assertThat(next.type()).as("%s", next).isEqualTo(KEEPALIVE);
            assertThat(session.state()).isEqualTo(SessionState.ESTABLISHED);
            assertThat(events.of(SessionEvent.Down.class)).isEmpty();

            // and still works: the route comes back with a valid UPDATE
            raw.send(RawBgpPeer.update(new byte[0], VALID_ATTRIBUTES, NLRI));
            await("re-announced").atMost(T).until(() -> events.holds(RAW_PREFIX));
            assertThat(session.counters().count(UpdateOutcome.ACCEPTED)).isEqualTo(2);
            assertThat(session.counters().count(UpdateOutcome.TREAT_AS_WITHDRAW))
                    .isEqualTo(1);
            assertThat(raw.drain()).extracting(RawBgpPeer.Msg::type).doesNotContain(NOTIFICATION);
        }
        assertNoUnexpectedExceptionLogged();
    }

    // ------------------------------------------------------------------ (b) session reset, other sessions unharmed

    static Stream<Arguments> sessionReset() {
        return Stream.of(
                Arguments.of(
                        "Total Path Attribute Length overruns the message (RFC 4271 §6.3, RFC 7606 §4)",
                        RawBgpPeer.update(new byte[0], 0, VALID_ATTRIBUTES, 100, NLRI),
                        ErrorSubcode.MALFORMED_ATTRIBUTE_LIST,
                        "Malformed Attribute List"),
                Arguments.of(
                        "Withdrawn Routes Length overruns the message (RFC 7606 §4)",
                        RawBgpPeer.update(new byte[0], 200, VALID_ATTRIBUTES, VALID_ATTRIBUTES.length, NLRI),
                        ErrorSubcode.MALFORMED_ATTRIBUTE_LIST,
                        "Malformed Attribute List"),
                Arguments.of(
                        "KEEPALIVE with a bad marker (RFC 4271 §6.1)",
                        badMarker(RawBgpPeer.keepalive()),
                        ErrorSubcode.CONNECTION_NOT_SYNCHRONIZED,
                        "Connection Not Synchronized"));
    }

    private static byte[] badMarker(byte[] message) {
        byte[] m = message.clone();
        m[5] = 0x7f;
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void sessionReset(String what, byte[] message, ErrorSubcode expected, String errorText, Daemons daemons)
            throws Exception {
        BgpSpeaker speaker = speaker();

        // a second session, with FRR, that must not notice anything
        int frrPort = FreePorts.next();
        FrrBgpd frr = daemons.frr(FrrConfigs.FRR, frrPort, frrConfig(0, ""));
        Recorder frrEvents = new Recorder();
        PeerSession frrSession = speaker.addPeer(peer("frr", FrrConfigs.FRR, frrPort, FrrConfigs.FRR_AS), frrEvents);
        frrSession.start();
        await("Established with FRR").atMost(SESSION_UP).pollInterval(POLL).untilAsserted(() -> {
            assertThat(frrSession.state()).isEqualTo(SessionState.ESTABLISHED);
            assertThat(frr.neighborState(US)).isEqualTo("Established");
        });

        Recorder events = new Recorder();
        PeerSession session = startPassive(speaker, events);
        try (RawBgpPeer raw = establish(speaker, session)) {
            raw.send(RawBgpPeer.update(new byte[0], VALID_ATTRIBUTES, NLRI));
            await("the valid announcement").atMost(T).until(() -> events.holds(RAW_PREFIX));
            raw.drain();

            raw.send(message);
            RawBgpPeer.Msg n = raw.nextOfType(NOTIFICATION, T);
            assertThat(n).as("a NOTIFICATION for %s", what).isNotNull();
            // Marker, Length 21, Type 3, then code and subcode; neither error has data (RFC 4271 §6.1, §6.3)
            assertThat(hex(n.bytes()))
                    .isEqualTo("ff".repeat(16) + "0015" + "03"
                            + String.format("%02x%02x", expected.code(), expected.subcode()));
            assertThat(raw.awaitClosedByPeer(T))
                    .as("we close the connection after the NOTIFICATION")
                    .isTrue();

            await("our session reports it")
                    .atMost(T)
                    .until(() -> !events.of(SessionEvent.Down.class).isEmpty());
            assertThat(session.lastError())
                    .hasValueSatisfying(e -> assertThat(e).contains(errorText));
            SessionEvent.Down down = events.of(SessionEvent.Down.class).get(0);
            assertThat(down.sent()).isNotNull();
            assertThat(down.sent().reason()).contains(expected);
            assertThat(session.state()).isNotEqualTo(SessionState.ESTABLISHED);
            if (expected.code() == 3) {
                assertThat(session.counters().count(UpdateOutcome.SESSION_RESET))
                        .isEqualTo(1);
            }
        }

        // FRR's session stayed up throughout, on both sides
        assertThat(frrSession.state()).isEqualTo(SessionState.ESTABLISHED);
        assertThat(frrEvents.of(SessionEvent.Up.class)).hasSize(1);
        assertThat(frrEvents.of(SessionEvent.Down.class)).isEmpty();
        assertThat(frrSession.counters().timesEstablished()).isEqualTo(1);
        JsonNode nbr = frr.vtyshJson("show bgp neighbors " + US + " json").path(US);
        assertThat(nbr.path("bgpState").asText()).isEqualTo("Established");
        assertThat(nbr.path("connectionsEstablished").asInt()).isEqualTo(1);
        assertThat(nbr.path("connectionsDropped").asInt()).isZero();
        assertNoUnexpectedExceptionLogged();
    }

    // ------------------------------------------------------------------ (c) garbage after the OPEN exchange

    static Stream<Arguments> garbage() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (long seed : new long[] {1, 2, 3, 42, 4711}) {
            Random r = new Random(seed);
            byte[] g = new byte[19 + r.nextInt(500)];
            r.nextBytes(g);
            if (g[0] == (byte) 0xff) {
                g[0] = 0; // a random marker that happens to start right is still wrong, just later
            }
            b.add(Arguments.of("random octets, seed " + seed, true, g, ErrorSubcode.CONNECTION_NOT_SYNCHRONIZED, ""));
        }
        // a right marker, then a Length below the minimum: data is the Length field (RFC 4271 §6.1)
        b.add(Arguments.of(
                "marker then Length 5",
                true,
                concat(ff16(), bytes(0, 5, 4), randomOctets(7, 40)),
                ErrorSubcode.BAD_MESSAGE_LENGTH,
                "0005"));
        // a right marker, then a Length above 4096 without the Extended Message capability
        b.add(Arguments.of(
                "marker then Length 60000",
                true,
                concat(ff16(), bytes(0xea, 0x60, 2), randomOctets(8, 64)),
                ErrorSubcode.BAD_MESSAGE_LENGTH,
                "ea60"));
        // a right marker and Length, then an undefined Type: data is the Type (RFC 4271 §6.1)
        b.add(Arguments.of(
                "marker, Length 40, Type 238",
                true,
                concat(ff16(), bytes(0, 40, 238), randomOctets(9, 21)),
                ErrorSubcode.BAD_MESSAGE_TYPE,
                "ee"));
        // garbage in OpenConfirm, where a KEEPALIVE was due
        b.add(Arguments.of(
                "random octets instead of the KEEPALIVE (OpenConfirm)",
                false,
                randomOctets(10, 200),
                ErrorSubcode.CONNECTION_NOT_SYNCHRONIZED,
                ""));
        return b.build();
    }

    private static byte[] ff16() {
        byte[] m = new byte[16];
        Arrays.fill(m, (byte) 0xff);
        return m;
    }

    private static byte[] randomOctets(long seed, int n) {
        byte[] g = new byte[n];
        new Random(seed).nextBytes(g);
        g[0] = g[0] == (byte) 0xff ? 0 : g[0];
        return g;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void garbage(String what, boolean afterKeepalive, byte[] garbage, ErrorSubcode expected, String dataHex)
            throws Exception {
        BgpSpeaker speaker = speaker();
        Recorder events = new Recorder();
        PeerSession session = startPassive(speaker, events);
        try (RawBgpPeer raw = RawBgpPeer.connect(RAW, US, speaker.listenPort())) {
            openExchange(raw);
            if (afterKeepalive) {
                raw.send(RawBgpPeer.keepalive());
                await("Established").atMost(T).until(() -> session.state() == SessionState.ESTABLISHED);
            } else {
                await("OpenConfirm").atMost(T).until(() -> session.state() == SessionState.OPEN_CONFIRM);
            }
            raw.send(garbage);

            RawBgpPeer.Msg n = raw.nextOfType(NOTIFICATION, T);
            assertThat(n).as("a NOTIFICATION for %s", what).isNotNull();
            byte[] body = n.body();
            assertThat(body[0]).as("Message Header Error: %s", n).isEqualTo((byte) 1);
            assertThat(body[1]).as("subcode: %s", n).isEqualTo((byte) expected.subcode());
            assertThat(hex(Arrays.copyOfRange(body, 2, body.length))).as("data").isEqualTo(dataHex);
            assertThat(raw.awaitClosedByPeer(T)).isTrue();
            await().atMost(T)
                    .until(() -> session.lastError().isPresent()
                            && session.state() != SessionState.ESTABLISHED
                            && session.state() != SessionState.OPEN_CONFIRM);
            assertThat(session.lastError().orElseThrow()).contains(expected.rfcName());
        }
        assertThat(events.updates()).isEmpty();
        assertNoUnexpectedExceptionLogged();
    }

    // ------------------------------------------------------------------ helpers

    /**
     * Our passive session for the raw peer, started. {@link PeerSession#start()} takes effect on the event loop, and
     * a connection accepted before it is refused (Idle refuses connections, RFC 4271 §8.2.2): so wait until the
     * session has left Idle for Active.
     */
    private static PeerSession startPassive(BgpSpeaker speaker, Recorder events) {
        PeerSession session = speaker.addPeer(peer("raw", RAW, 179, RAW_AS).withPassive(true), events);
        session.start();
        await("passive session in Active").atMost(T).until(() -> session.state() == SessionState.ACTIVE);
        return session;
    }

    /** Connects from {@link #RAW}, exchanges OPENs and KEEPALIVEs, and waits for our side to be Established. */
    private RawBgpPeer establish(BgpSpeaker speaker, PeerSession session) throws Exception {
        RawBgpPeer raw = RawBgpPeer.connect(RAW, US, speaker.listenPort());
        openExchange(raw);
        raw.send(RawBgpPeer.keepalive());
        await("Established with the raw peer").atMost(T).until(() -> session.state() == SessionState.ESTABLISHED);
        return raw;
    }

    /** Our OPEN arrives first; the raw peer answers with its own and gets our KEEPALIVE (RFC 4271 §8.2.2). */
    private static void openExchange(RawBgpPeer raw) throws Exception {
        RawBgpPeer.Msg ours = raw.next(T);
        assertThat(ours).as("our OPEN").isNotNull();
        assertThat(ours.type()).isEqualTo(OPEN);
        byte[] o = ours.body();
        assertThat(o[0]).as("version").isEqualTo((byte) 4);
        assertThat(((o[1] & 0xff) << 8) | (o[2] & 0xff)).as("My AS").isEqualTo((int) OUR_AS);
        assertThat(((o[3] & 0xff) << 8) | (o[4] & 0xff)).as("Hold Time").isEqualTo(9);
        assertThat(hex(Arrays.copyOfRange(o, 5, 9)))
                .as("BGP Identifier 10.0.0.1")
                .isEqualTo("0a000001");
        raw.send(RawBgpPeer.open(RAW_AS, 9, id("10.0.0.5")));
        RawBgpPeer.Msg ka = raw.next(T);
        assertThat(ka).as("our KEEPALIVE after the OPENs").isNotNull();
        assertThat(ka.type()).as("%s", ka).isEqualTo(KEEPALIVE);
    }

    /** Nothing logged at ERROR, and no log event carries a stack trace (Netty's unhandled exceptions do). */
    private void assertNoUnexpectedExceptionLogged() {
        assertThat(log.list)
                .as("the capture sees the speaker's own log lines")
                .anyMatch(e -> e.getLoggerName().startsWith("io.ovnbgp.bgp."));
        List<ILoggingEvent> bad = log.list.stream()
                .filter(e -> e.getLevel().isGreaterOrEqual(Level.ERROR) || e.getThrowableProxy() != null)
                .toList();
        assertThat(bad)
                .as("unexpected errors in our logs")
                .extracting(e -> e.getLevel() + " " + e.getLoggerName()
                        + ": " + e.getFormattedMessage()
                        + (e.getThrowableProxy() == null
                                ? ""
                                : " " + e.getThrowableProxy().getClassName() + ": "
                                        + e.getThrowableProxy().getMessage()))
                .isEmpty();
    }
}
