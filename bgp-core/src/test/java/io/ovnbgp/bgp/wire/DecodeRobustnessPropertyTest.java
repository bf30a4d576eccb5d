package io.ovnbgp.bgp.wire;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import net.jqwik.api.statistics.Statistics;

/**
 * Whatever arrives, decoding ends in a message (maybe with an RFC 7606 action) or in a
 * {@link BgpDecodeException} with an RFC error code; never in another exception. A decoded
 * message can always be encoded again, and a clean one decodes back to itself.
 */
class DecodeRobustnessPropertyTest {

    private static final int TRIES = 2000;

    /** The contract every input must meet. */
    static void assertDecodesSafely(byte[] frame, CodecContext ctx) {
        BgpMessage m;
        try {
            m = Wire.decode(frame, ctx);
        } catch (BgpDecodeException e) {
            Statistics.label("outcome").collect(ErrorCode.describe(e.code(), e.subcode()));
            assertThat(e.code()).as(e.getMessage()).isBetween(1, 7);
            assertThat(e.getMessage()).isNotBlank();
            assertThat(e.toNotification().code()).isEqualTo(e.code());
            return;
        }
        Statistics.label("outcome")
                .collect(
                        m instanceof UpdateMessage u
                                ? "UPDATE " + u.errorAction()
                                : m.type().toString());
        byte[] again = Wire.encode(m, ctx);
        assertThat(again.length).isLessThanOrEqualTo(frame.length);
        if (m instanceof UpdateMessage u && u.errorAction() != UpdateErrorAction.NONE) {
            assertThat(u.problems()).isNotEmpty();
            return;
        }
        try {
            assertThat(Wire.decode(again, ctx)).isEqualTo(m);
        } catch (BgpDecodeException e) {
            throw new AssertionError("re-encoded " + m + " does not decode: " + e.getMessage(), e);
        }
    }

    private static byte[] withHeader(int type, byte[] body) {
        byte[] frame = new byte[19 + body.length];
        Arrays.fill(frame, 0, 16, (byte) 0xFF);
        frame[16] = (byte) (frame.length >>> 8);
        frame[17] = (byte) frame.length;
        frame[18] = (byte) type;
        System.arraycopy(body, 0, frame, 19, body.length);
        return frame;
    }

    @Provide
    Arbitrary<CodecContext> contexts() {
        return Arbitraries.of(Wire.FOUR_OCTET, Wire.TWO_OCTET, Wire.FOUR_OCTET_EXTENDED, CodecContext.BEFORE_OPEN);
    }

    @Property(tries = TRIES)
    void randomBodiesBehindAValidHeader(
            @ForAll @IntRange(min = 0, max = 7) int type,
            @ForAll @Size(max = 120) byte[] body,
            @ForAll("contexts") CodecContext ctx) {
        assertDecodesSafely(withHeader(type, body), ctx);
    }

    @Property(tries = TRIES)
    void randomOctetsWithoutAHeader(@ForAll @Size(max = 80) byte[] frame, @ForAll("contexts") CodecContext ctx) {
        assertDecodesSafely(frame, ctx);
    }

    /** Random attributes in a well-framed UPDATE: reaches the RFC 7606 paths that random bodies rarely do. */
    @Provide
    Arbitrary<byte[]> attributeSoup() {
        Arbitrary<Integer> flags = Arbitraries.of(0x40, 0x50, 0x80, 0x90, 0xC0, 0xD0, 0xE0, 0x00, 0x60)
                .injectDuplicates(0.1);
        Arbitrary<Integer> types =
                Arbitraries.oneOf(Arbitraries.integers().between(1, 18), Arbitraries.of(32, 35, 99, 255));
        Arbitrary<byte[]> values = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        Arbitrary<Integer> lengthSkew = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.just(0)),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(-3, 3)));
        Arbitrary<byte[]> attribute = Combinators.combine(flags, types, values, lengthSkew)
                .as((f, t, v, skew) -> {
                    boolean ext = (f & 0x10) != 0;
                    int len = Math.max(0, v.length + skew);
                    byte[] a = new byte[(ext ? 4 : 3) + v.length];
                    a[0] = (byte) (int) f;
                    a[1] = (byte) (int) t;
                    if (ext) {
                        a[2] = (byte) (len >>> 8);
                        a[3] = (byte) len;
                    } else {
                        a[2] = (byte) len;
                    }
                    System.arraycopy(v, 0, a, ext ? 4 : 3, v.length);
                    return a;
                });
        Arbitrary<byte[]> nlri = Arbitraries.of(
                new byte[0], Wire.hex("180a0101"), Wire.hex("200a010101 08 0a"), Wire.hex("21 0a010101 00"));
        Arbitrary<byte[]> withdrawn = Arbitraries.of(new byte[0], Wire.hex("18 c63364"));
        return Combinators.combine(withdrawn, attribute.list().ofMaxSize(6), nlri)
                .as((w, attrs, n) -> {
                    StringBuilder a = new StringBuilder();
                    for (byte[] x : attrs) {
                        a.append(Wire.hex(x));
                    }
                    return Wire.update(Wire.hex(w), a.toString(), Wire.hex(n));
                });
    }

    @Property(tries = TRIES)
    void randomAttributeSections(@ForAll("attributeSoup") byte[] update, @ForAll("contexts") CodecContext ctx) {
        assertDecodesSafely(update, ctx);
    }

    /** One valid vector changed in one place. */
    record Mutation(String description, byte[] frame, CodecContext ctx) {
        @Override
        public String toString() {
            return description + ": " + Wire.hex(frame);
        }
    }

    @Provide
    Arbitrary<Mutation> mutations() {
        List<Vectors.Vector> vectors = Vectors.all();
        Arbitrary<Vectors.Vector> vector = Arbitraries.of(vectors);
        Arbitrary<Mutation> flips = Combinators.combine(
                        vector,
                        Arbitraries.integers().between(0, 1 << 20),
                        Arbitraries.integers().between(1, 255))
                .as((v, where, xor) -> {
                    byte[] f = v.bytes().clone();
                    int at = where % f.length;
                    f[at] ^= (byte) (int) xor;
                    return new Mutation(v.name() + " with octet " + at + " ^ " + xor, f, v.ctx());
                });
        Arbitrary<Mutation> lengths = Combinators.combine(
                        vector, Arbitraries.integers().between(0, 1 << 20), Arbitraries.of(-3, -2, -1, 1, 2, 3))
                .as((v, which, delta) -> {
                    byte[] f = v.bytes().clone();
                    List<LengthFields.Field> fields = LengthFields.of(f, v.ctx().fourOctetAs());
                    LengthFields.Field field = fields.get(which % fields.size());
                    if (field.width() == 1) {
                        f[field.offset()] = (byte) ((f[field.offset()] & 0xFF) + delta);
                    } else {
                        int value = (((f[field.offset()] & 0xFF) << 8) | (f[field.offset() + 1] & 0xFF)) + delta;
                        f[field.offset()] = (byte) (value >>> 8);
                        f[field.offset() + 1] = (byte) value;
                    }
                    return new Mutation(v.name() + " with length at " + field.offset() + " " + delta, f, v.ctx());
                });
        Arbitrary<Mutation> truncations = Combinators.combine(
                        vector, Arbitraries.integers().between(0, 1 << 20), Arbitraries.of(true, false))
                .as((v, where, fixHeader) -> {
                    byte[] f = Arrays.copyOf(v.bytes(), where % v.bytes().length);
                    if (fixHeader && f.length >= 18) {
                        f[16] = (byte) (f.length >>> 8);
                        f[17] = (byte) f.length;
                    }
                    return new Mutation(
                            v.name() + " cut to " + f.length + (fixHeader ? " (header fixed)" : ""), f, v.ctx());
                });
        return Arbitraries.oneOf(flips, lengths, truncations);
    }

    @Property(tries = TRIES)
    void singleFieldMutationsOfValidMessages(@ForAll("mutations") Mutation mutation) {
        assertDecodesSafely(mutation.frame(), mutation.ctx());
    }

    @Property(tries = 200)
    void everyVectorIsDecodedInItsContext(@ForAll("vectorIndex") int index) throws Exception {
        Vectors.Vector v = Vectors.all().get(index);
        BgpMessage m = Wire.decode(v.bytes(), v.ctx());
        assertThat(Wire.encode(m, v.ctx())).as(v.name()).isEqualTo(v.bytes());
        List<LengthFields.Field> fields =
                new ArrayList<>(LengthFields.of(v.bytes(), v.ctx().fourOctetAs()));
        assertThat(fields).as("the walker finds the header length at least").isNotEmpty();
    }

    @Provide
    Arbitrary<Integer> vectorIndex() {
        return Arbitraries.integers().between(0, Vectors.all().size() - 1);
    }
}
