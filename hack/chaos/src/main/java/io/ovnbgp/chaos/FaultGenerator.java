package io.ovnbgp.chaos;

import static io.ovnbgp.chaos.Wire.AGGREGATOR;
import static io.ovnbgp.chaos.Wire.AS4_PATH;
import static io.ovnbgp.chaos.Wire.AS_PATH;
import static io.ovnbgp.chaos.Wire.ATOMIC_AGGREGATE;
import static io.ovnbgp.chaos.Wire.CLUSTER_LIST;
import static io.ovnbgp.chaos.Wire.COMMUNITIES;
import static io.ovnbgp.chaos.Wire.EXTENDED;
import static io.ovnbgp.chaos.Wire.EXT_COMMUNITIES;
import static io.ovnbgp.chaos.Wire.LARGE_COMMUNITIES;
import static io.ovnbgp.chaos.Wire.LOCAL_PREF;
import static io.ovnbgp.chaos.Wire.MED;
import static io.ovnbgp.chaos.Wire.MP_REACH;
import static io.ovnbgp.chaos.Wire.NEXT_HOP;
import static io.ovnbgp.chaos.Wire.OPTIONAL;
import static io.ovnbgp.chaos.Wire.OPTIONAL_TRANSITIVE;
import static io.ovnbgp.chaos.Wire.ORIGIN;
import static io.ovnbgp.chaos.Wire.ORIGINATOR_ID;
import static io.ovnbgp.chaos.Wire.PARTIAL;
import static io.ovnbgp.chaos.Wire.WELL_KNOWN;

import io.ovnbgp.chaos.Fault.Expect;
import io.ovnbgp.chaos.Fault.Phase;
import io.ovnbgp.chaos.Wire.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * Hostile messages, each with the reaction the RFCs require, written from the RFCs' text (RFC 4271 §6, RFC 7606
 * §3-§7, RFC 4760, RFC 5492, RFC 6793, RFC 6608, RFC 7313, RFC 8092, RFC 9072), never from the code under test.
 * Deterministic: fault {@code i} of seed {@code s} is always the same. About 88 % of them keep the session (treat-as-
 * withdraw, attribute-discard, loops, unknown families...), cheap to check in batches; the rest close it, and
 * each costs the peer an Idle hold (RFC 4271 §8.1.1) before the next.
 */
final class FaultGenerator {
    static final long BRIDGE_AS = 64512;
    static final long PEER_AS = 65002;
    /** 203.0.113.9: a documentation address, not loopback, so the next-hop check lets it through. */
    static final int NEXT_HOP_ADDRESS = (203 << 24) | (113 << 8) | 9;

    private record Kind(String name, int weight, BiFunction<Integer, SplittableRandom, Fault> make) {}

    private final long seed;
    private final List<Kind> kinds = new ArrayList<>();
    private final int totalWeight;

    FaultGenerator(long seed) {
        this.seed = seed;
        // session kept: 880 of 1000
        kind("attr-flags", 90, this::attrFlags);
        kind("attr-length-withdraw", 100, this::attrLengthWithdraw);
        kind("attr-length-discard", 60, this::attrLengthDiscard);
        kind(
                "origin-value",
                50,
                (i, r) -> kept("origin-value", i, true, attrs(r, Wire.origin(3 + r.nextInt(253)), null, null), false));
        kind("as-path-malformed", 80, this::asPathMalformed);
        kind("missing-well-known", 60, this::missingWellKnown);
        kind("attr-overrun", 50, this::attrOverrun);
        kind("duplicate-attr", 70, this::duplicate);
        kind("as-path-loop", 80, this::loop);
        kind("as-path-long", 50, this::longPath);
        kind("mp-reach-unknown-family", 70, this::mpUnknownFamily);
        kind("unknown-optional-attr", 50, this::unknownOptional);
        kind(
                "as4-path-on-4-octet-session",
                30,
                (i, r) -> kept(
                        "as4-path-on-4-octet-session",
                        i,
                        false,
                        Wire.concat(base(r), Wire.attr(OPTIONAL_TRANSITIVE, AS4_PATH, Wire.asSegments(2, 65002, 7))),
                        true));
        kind(
                "extended-length-flags",
                20,
                (i, r) -> kept(
                        "extended-length-flags",
                        i,
                        false,
                        Wire.concat(
                                Wire.attr(WELL_KNOWN | EXTENDED, ORIGIN, new byte[] {0}),
                                Wire.attr(WELL_KNOWN | EXTENDED, AS_PATH, Wire.asSegments(2, PEER_AS, 3356)),
                                Wire.attr(
                                        WELL_KNOWN | EXTENDED,
                                        NEXT_HOP,
                                        new Bytes().u32(NEXT_HOP_ADDRESS).toArray())),
                        true));
        kind("withdraw-never-announced", 20, this::withdrawUnknown);
        // session closed: 120 of 1000
        kind("bad-marker", 8, this::badMarker);
        kind(
                "length-below-19",
                6,
                (i, r) -> reset("length-below-19", Wire.message(Wire.KEEPALIVE, new byte[0], r.nextInt(19)), 1, 2));
        kind(
                "length-above-4096",
                6,
                (i, r) -> reset(
                        "length-above-4096",
                        Wire.message(Wire.UPDATE, new byte[8], 4097 + r.nextInt(65535 - 4096)),
                        1,
                        2));
        kind("length-wrong-for-type", 8, this::lengthForType);
        kind("bad-type", 6, (i, r) -> {
            int t = r.nextInt(5) == 0 ? 0 : 6 + r.nextInt(250);
            return reset("bad-type", Wire.message(t, new byte[r.nextInt(8)]), 1, 3);
        });
        kind(
                "withdrawn-length-overrun",
                5,
                (i, r) -> reset(
                        "withdrawn-length-overrun",
                        Wire.message(
                                Wire.UPDATE,
                                new Bytes().u16(5 + r.nextInt(200)).u16(0).u8(0).toArray()),
                        3,
                        1));
        kind("attributes-length-overrun", 5, (i, r) -> {
            byte[] a = base(r);
            byte[] body =
                    new Bytes().u16(0).u16(a.length + 1 + r.nextInt(100)).raw(a).toArray();
            return reset("attributes-length-overrun", Wire.message(Wire.UPDATE, body), 3, 1);
        });
        kind("nlri-bad-length", 8, this::badNlri);
        kind(
                "mp-reach-twice",
                4,
                (i, r) -> reset(
                        "mp-reach-twice",
                        Wire.update(
                                new byte[0],
                                Wire.concat(
                                        base(r),
                                        mpReachV4(Fault.victimAddress(i), 4),
                                        mpReachV4(Fault.victimAddress(i), 4)),
                                new byte[0]),
                        3,
                        1));
        kind("mp-reach-bad-next-hop-length", 4, (i, r) -> {
            int[] lengths = {0, 1, 3, 5, 7, 9, 12, 15, 17, 31, 33};
            return reset(
                    "mp-reach-bad-next-hop-length",
                    Wire.update(
                            new byte[0],
                            Wire.concat(
                                    Wire.origin(0),
                                    Wire.asPath(PEER_AS),
                                    mpReachV4(Fault.victimAddress(i), lengths[r.nextInt(lengths.length)])),
                            new byte[0]),
                    3,
                    9);
        });
        kind("mp-reach-overrun", 4, (i, r) -> {
            byte[] mp = mpReachV4(Fault.victimAddress(i), 4);
            mp[2] = (byte) ((mp[2] & 0xff) + 1 + r.nextInt(20)); // its length now runs past the attributes
            return reset(
                    "mp-reach-overrun",
                    Wire.update(new byte[0], Wire.concat(Wire.origin(0), Wire.asPath(PEER_AS), mp), new byte[0]),
                    3,
                    9);
        });
        kind(
                "unrecognized-well-known",
                5,
                (i, r) -> reset(
                        "unrecognized-well-known",
                        Wire.update(
                                new byte[0],
                                Wire.concat(
                                        base(r), Wire.attr(WELL_KNOWN, 100 + r.nextInt(27), new byte[r.nextInt(6)])),
                                Wire.prefix(Fault.victimAddress(i), 24)),
                        3,
                        2));
        kind(
                "withdraw-only-with-malformed-attr",
                4,
                (i, r) -> reset(
                        "withdraw-only-with-malformed-attr",
                        // RFC 7606 §5.2: treat-as-withdraw with nothing announced proves nothing was parsed right:
                        // reset
                        Wire.update(
                                Wire.prefix(Fault.victimAddress(i), 24),
                                attrs(r, Wire.origin(7), null, null),
                                new byte[0]),
                        3,
                        -1));
        kind("open-version", 4, (i, r) -> {
            int v = r.nextInt(255);
            return resetOpen("open-version", openWith(v == 4 ? 3 : v, PEER_AS, 90, r, standardCaps()), 2, 1);
        });
        kind(
                "open-hold-1-or-2",
                3,
                (i, r) ->
                        resetOpen("open-hold-1-or-2", openWith(4, PEER_AS, 1 + r.nextInt(2), r, standardCaps()), 2, 6));
        kind(
                "open-identifier-0",
                3,
                (i, r) -> resetOpen(
                        "open-identifier-0",
                        Wire.message(Wire.OPEN, Wire.openBody(4, (int) PEER_AS, 90, 0, standardCaps())),
                        2,
                        3));
        kind(
                "open-wrong-as",
                3,
                (i, r) -> resetOpen("open-wrong-as", openWith(4, 65003 + r.nextInt(400), 90, r, standardCaps()), 2, 2));
        kind("open-unsupported-parameter", 3, (i, r) -> {
            int type = r.nextBoolean() ? 1 : 3 + r.nextInt(250);
            byte[] params = Wire.concat(
                    standardCaps(), new Bytes().u8(type).u8(2).u16(0).toArray());
            return resetOpen("open-unsupported-parameter", openWith(4, PEER_AS, 90, r, params), 2, 4);
        });
        kind("open-parameters-length", 3, (i, r) -> {
            byte[] body = Wire.openBody(4, (int) PEER_AS, 90, routerId(r), standardCaps());
            int delta = r.nextBoolean() ? -(1 + r.nextInt(5)) : 1 + r.nextInt(5);
            body[9] = (byte) ((body[9] & 0xff) + delta);
            return resetOpen("open-parameters-length", Wire.message(Wire.OPEN, body), 2, 0);
        });
        kind("open-capability-overrun", 3, (i, r) -> {
            byte[] cap = Wire.capability(64 + r.nextInt(10), new byte[4]);
            cap[1] = (byte) (5 + r.nextInt(50));
            byte[] params = Wire.concat(
                    standardCaps(), new Bytes().u8(2).u8(cap.length).raw(cap).toArray());
            return resetOpen("open-capability-overrun", openWith(4, PEER_AS, 90, r, params), 2, 0);
        });
        kind(
                "open-too-short",
                2,
                (i, r) -> resetOpen("open-too-short", Wire.message(Wire.OPEN, new byte[r.nextInt(10)]), 1, 2));
        kind("keepalive-before-open", 2, (i, r) -> resetOpen("keepalive-before-open", Wire.keepalive(), 5, 1));
        kind(
                "update-in-openconfirm",
                2,
                (i, r) -> resetOpen(
                        "update-in-openconfirm",
                        Wire.concat(goodOpen(r), announce(i, r)), // our OPEN moves the bridge to OpenConfirm
                        5,
                        2));
        kind("open-when-established", 2, (i, r) -> reset("open-when-established", goodOpen(r), 5, 3));
        kind("notification-during-open", 6, (i, r) -> {
            byte[] n = Wire.notification(1 + r.nextInt(6), r.nextInt(12));
            byte[] bytes = r.nextBoolean() ? Wire.concat(goodOpen(r), n) : n;
            return new Fault("notification-during-open", Phase.OPENING, bytes, new Expect.Closed(true), -1);
        });
        kind("tcp-closed-mid-message", 3, (i, r) -> {
            byte[] u = announce(i, r);
            byte[] part = new byte[1 + r.nextInt(u.length - 1)];
            System.arraycopy(u, 0, part, 0, part.length);
            return new Fault("tcp-closed-mid-message", Phase.ESTABLISHED, part, new Expect.Closed(false), -1);
        });
        kind(
                "hold-timer-silence",
                1,
                (i, r) -> new Fault(
                        "hold-timer-silence",
                        Phase.OPENING,
                        openWith(4, PEER_AS, 3, r, standardCaps()),
                        new Expect.Notify(4, 0),
                        -1));
        kind("open-absurd-capabilities", 7, this::absurdOpen);
        int sum = 0;
        for (Kind k : kinds) {
            sum += k.weight();
        }
        totalWeight = sum;
    }

    private void kind(String name, int weight, BiFunction<Integer, SplittableRandom, Fault> make) {
        kinds.add(new Kind(name, weight, make));
    }

    /** Fault number {@code index}: its kind drawn by weight, its details at random, both from the seed. */
    Fault fault(int index) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + index);
        int pick = r.nextInt(totalWeight);
        for (Kind k : kinds) {
            pick -= k.weight();
            if (pick < 0) {
                return k.make().apply(index, r);
            }
        }
        throw new AssertionError();
    }

    /** Whether fault {@code index} keeps its session, without building it. */
    boolean keepsSession(int index) {
        return fault(index).keepsSession();
    }

    Map<String, Integer> weights() {
        Map<String, Integer> m = new LinkedHashMap<>();
        kinds.forEach(k -> m.put(k.name(), k.weight()));
        return m;
    }

    // ---------------------------------------------------------------- building blocks

    static byte[] goodOpen(SplittableRandom r) {
        return Wire.goodOpen(PEER_AS, routerId(r), 90);
    }

    private static int routerId(SplittableRandom r) {
        return (10 << 24) | (1 + r.nextInt(0xFFFFFE));
    }

    private static byte[] standardCaps() {
        return Wire.capabilityParams(Wire.multiprotocolCap(1, 1), Wire.routeRefreshCap(), Wire.fourOctetAsCap(PEER_AS));
    }

    private static byte[] openWith(int version, long as, int hold, SplittableRandom r, byte[] params) {
        byte[] caps = params;
        if (as != PEER_AS) {
            caps = Wire.capabilityParams(Wire.multiprotocolCap(1, 1), Wire.fourOctetAsCap(as));
        }
        return Wire.message(Wire.OPEN, Wire.openBody(version, (int) Math.min(as, 23456), hold, routerId(r), caps));
    }

    /** ORIGIN, AS_PATH and NEXT_HOP as a well-behaved peer sends them. */
    static byte[] base(SplittableRandom r) {
        return attrs(r, null, null, null);
    }

    /** The three mandatory attributes, each replaced when given. */
    static byte[] attrs(SplittableRandom r, byte[] origin, byte[] asPath, byte[] nextHop) {
        return Wire.concat(
                origin != null ? origin : Wire.origin(r.nextInt(3)),
                asPath != null ? asPath : Wire.asPath(PEER_AS, 1 + r.nextInt(64_495), 1 + r.nextInt(64_495)),
                nextHop != null ? nextHop : Wire.nextHop(NEXT_HOP_ADDRESS));
    }

    /** A valid UPDATE announcing victim {@code i}. */
    static byte[] announce(int i, SplittableRandom r) {
        return Wire.update(new byte[0], base(r), Wire.prefix(Fault.victimAddress(i), 24));
    }

    private static byte[] mpReachV4(int address, int nextHopLength) {
        Bytes v = new Bytes().u16(1).u8(1).u8(nextHopLength);
        for (int k = 0; k < nextHopLength; k++) {
            v.u8(k < 4 ? (NEXT_HOP_ADDRESS >>> (24 - 8 * k)) : 0);
        }
        v.u8(0).raw(Wire.prefix(address, 24));
        return Wire.attr(OPTIONAL, MP_REACH, v.toArray());
    }

    /**
     * A fault that keeps the session: the victim announced first when {@code preAnnounce} (so that a
     * treat-as-withdraw is seen to withdraw it), then the UPDATE with {@code attributes} announcing it again.
     */
    private static Fault kept(String kind, int i, boolean preAnnounce, byte[] attributes, boolean present) {
        return kept(kind, i, preAnnounce, attributes, new Expect.Route(present, -1));
    }

    private static Fault kept(String kind, int i, boolean preAnnounce, byte[] attributes, Expect.Route expect) {
        SplittableRandom r = new SplittableRandom(i);
        byte[] bad = Wire.update(new byte[0], attributes, Wire.prefix(Fault.victimAddress(i), 24));
        byte[] bytes = preAnnounce ? Wire.concat(announce(i, r), bad) : bad;
        return new Fault(kind, Phase.ESTABLISHED, bytes, expect, i);
    }

    private static Fault reset(String kind, byte[] bytes, int code, int subcode) {
        return new Fault(kind, Phase.ESTABLISHED, bytes, new Expect.Notify(code, subcode), -1);
    }

    private static Fault resetOpen(String kind, byte[] bytes, int code, int subcode) {
        return new Fault(kind, Phase.OPENING, bytes, new Expect.Notify(code, subcode), -1);
    }

    // ---------------------------------------------------------------- the kinds kept on the session

    /** RFC 7606 §3(c): Optional/Transitive bits in conflict with the attribute's: treat-as-withdraw. */
    private Fault attrFlags(int i, SplittableRandom r) {
        int[][] typeFlags = {
            {ORIGIN, WELL_KNOWN},
            {AS_PATH, WELL_KNOWN},
            {NEXT_HOP, WELL_KNOWN},
            {MED, OPTIONAL},
            {COMMUNITIES, OPTIONAL_TRANSITIVE},
            {LARGE_COMMUNITIES, OPTIONAL_TRANSITIVE}
        };
        int[] tf = typeFlags[r.nextInt(typeFlags.length)];
        int wrong;
        do {
            wrong = r.nextInt(4) << 6;
        } while (wrong == tf[1]);
        byte[] value = switch (tf[0]) {
            case ORIGIN -> new byte[] {0};
            case AS_PATH -> Wire.asSegments(2, PEER_AS);
            case NEXT_HOP, MED, COMMUNITIES -> new Bytes().u32(NEXT_HOP_ADDRESS).toArray();
            default -> new byte[12];
        };
        byte[] bad = Wire.attr(wrong, tf[0], value);
        byte[] attributes = switch (tf[0]) {
            case ORIGIN -> attrs(r, bad, null, null);
            case AS_PATH -> attrs(r, null, bad, null);
            case NEXT_HOP -> attrs(r, null, null, bad);
            default -> Wire.concat(base(r), bad);
        };
        return kept("attr-flags " + attrName(tf[0]), i, true, attributes, false);
    }

    /** RFC 7606 §7.1-§7.14: a wrong length of these attributes makes the UPDATE treat-as-withdraw. */
    private Fault attrLengthWithdraw(int i, SplittableRandom r) {
        switch (r.nextInt(7)) {
            case 0 -> {
                int[] l = {0, 2, 3, 4};
                return kept(
                        "attr-length-withdraw ORIGIN",
                        i,
                        true,
                        attrs(r, Wire.attr(WELL_KNOWN, ORIGIN, new byte[l[r.nextInt(4)]]), null, null),
                        false);
            }
            case 1 -> {
                int[] l = {0, 1, 3, 5, 8, 16};
                return kept(
                        "attr-length-withdraw NEXT_HOP",
                        i,
                        true,
                        attrs(r, null, null, Wire.attr(WELL_KNOWN, NEXT_HOP, nonZero(l[r.nextInt(6)]))),
                        false);
            }
            case 2 -> {
                int[] l = {0, 1, 3, 5, 8};
                return kept(
                        "attr-length-withdraw MED",
                        i,
                        true,
                        Wire.concat(base(r), Wire.attr(OPTIONAL, MED, new byte[l[r.nextInt(5)]])),
                        false);
            }
            case 3 -> {
                int[] l = {1, 2, 3, 5, 6, 7, 9};
                return kept(
                        "attr-length-withdraw COMMUNITIES",
                        i,
                        true,
                        Wire.concat(base(r), Wire.attr(OPTIONAL_TRANSITIVE, COMMUNITIES, new byte[l[r.nextInt(7)]])),
                        false);
            }
            case 4 -> {
                int[] l = {1, 4, 8, 11, 13, 20};
                return kept(
                        "attr-length-withdraw LARGE_COMMUNITIES",
                        i,
                        true,
                        Wire.concat(
                                base(r), Wire.attr(OPTIONAL_TRANSITIVE, LARGE_COMMUNITIES, new byte[l[r.nextInt(6)]])),
                        false);
            }
            case 5 -> {
                int[] l = {1, 4, 7, 9, 12};
                return kept(
                        "attr-length-withdraw EXT_COMMUNITIES",
                        i,
                        true,
                        Wire.concat(
                                base(r), Wire.attr(OPTIONAL_TRANSITIVE, EXT_COMMUNITIES, new byte[l[r.nextInt(5)]])),
                        false);
            }
            default -> {
                // an AS_PATH whose length is not the segments': one octet more or less
                byte[] seg = Wire.asSegments(2, PEER_AS, 3356);
                int len = r.nextBoolean() ? seg.length - 1 : seg.length + 1;
                byte[] v = new byte[len];
                System.arraycopy(seg, 0, v, 0, Math.min(len, seg.length));
                return kept(
                        "attr-length-withdraw AS_PATH",
                        i,
                        true,
                        attrs(r, null, Wire.attr(WELL_KNOWN, AS_PATH, v), null),
                        false);
            }
        }
    }

    private static String attrName(int type) {
        return switch (type) {
            case ORIGIN -> "ORIGIN";
            case AS_PATH -> "AS_PATH";
            case NEXT_HOP -> "NEXT_HOP";
            case MED -> "MED";
            case LOCAL_PREF -> "LOCAL_PREF";
            case ATOMIC_AGGREGATE -> "ATOMIC_AGGREGATE";
            case AGGREGATOR -> "AGGREGATOR";
            case COMMUNITIES -> "COMMUNITIES";
            case ORIGINATOR_ID -> "ORIGINATOR_ID";
            case CLUSTER_LIST -> "CLUSTER_LIST";
            case LARGE_COMMUNITIES -> "LARGE_COMMUNITIES";
            default -> "type " + type;
        };
    }

    private static byte[] nonZero(int n) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) 7);
        return b;
    }

    /**
     * Wrong lengths that RFC 7606 answers with attribute-discard: the route stays. ATOMIC_AGGREGATE and AGGREGATOR
     * (§7.6, §7.7); LOCAL_PREF, ORIGINATOR_ID, CLUSTER_LIST from an external peer (§7.5, §7.9, §7.10: discarded
     * whatever their form).
     */
    private Fault attrLengthDiscard(int i, SplittableRandom r) {
        int which = r.nextInt(5);
        byte[] bad = switch (which) {
            case 0 -> Wire.attr(WELL_KNOWN, ATOMIC_AGGREGATE, new byte[1 + r.nextInt(6)]);
            case 1 -> {
                int[] l = {0, 4, 6, 7, 9, 12};
                yield Wire.attr(OPTIONAL_TRANSITIVE, AGGREGATOR, new byte[l[r.nextInt(6)]]);
            }
            case 2 -> {
                int[] l = {0, 1, 3, 5, 8};
                yield Wire.attr(WELL_KNOWN, LOCAL_PREF, new byte[l[r.nextInt(5)]]);
            }
            case 3 -> {
                int[] l = {0, 1, 3, 5, 8};
                yield Wire.attr(OPTIONAL, ORIGINATOR_ID, new byte[l[r.nextInt(5)]]);
            }
            default -> {
                int[] l = {1, 2, 3, 5, 6, 7};
                yield Wire.attr(OPTIONAL, CLUSTER_LIST, new byte[l[r.nextInt(6)]]);
            }
        };
        String name =
                attrName(new int[] {ATOMIC_AGGREGATE, AGGREGATOR, LOCAL_PREF, ORIGINATOR_ID, CLUSTER_LIST}[which]);
        return kept("attr-length-discard " + name, i, false, Wire.concat(base(r), bad), true);
    }

    /** RFC 7606 §7.2: an unknown segment type, a zero-length segment, an overrun or a lone octet: withdraw. */
    private Fault asPathMalformed(int i, SplittableRandom r) {
        byte[] v = switch (r.nextInt(4)) {
            case 0 -> {
                int type = r.nextBoolean() ? 0 : 5 + r.nextInt(251);
                yield new Bytes().u8(type).u8(1).u32((int) PEER_AS).toArray();
            }
            case 1 -> new Bytes().u8(2).u8(0).toArray();
            case 2 -> new Bytes().u8(2).u8(2 + r.nextInt(10)).u32((int) PEER_AS).toArray();
            default -> new Bytes().u8(2).u8(1).u32((int) PEER_AS).u8(2).toArray();
        };
        return kept("as-path-malformed", i, true, attrs(r, null, Wire.attr(WELL_KNOWN, AS_PATH, v), null), false);
    }

    /** RFC 7606 §3(d): ORIGIN, AS_PATH or NEXT_HOP missing from an UPDATE with NLRI: treat-as-withdraw. */
    private Fault missingWellKnown(int i, SplittableRandom r) {
        byte[] o = Wire.origin(0);
        byte[] a = Wire.asPath(PEER_AS, 174);
        byte[] n = Wire.nextHop(NEXT_HOP_ADDRESS);
        byte[] attributes = switch (r.nextInt(3)) {
            case 0 -> Wire.concat(a, n);
            case 1 -> Wire.concat(o, n);
            default -> Wire.concat(o, a);
        };
        return kept("missing-well-known", i, true, attributes, false);
    }

    /** RFC 7606 §4: the last attribute runs past the path attributes (not an MP one): treat-as-withdraw. */
    private Fault attrOverrun(int i, SplittableRandom r) {
        byte[] tail = new Bytes()
                .u8(OPTIONAL_TRANSITIVE)
                .u8(COMMUNITIES)
                .u8(8 + r.nextInt(40))
                .u32(1)
                .toArray();
        return kept("attr-overrun", i, true, Wire.concat(base(r), tail), false);
    }

    /** RFC 7606 §3(g): all but the first of a repeated attribute discarded; the route stays with the first. */
    private Fault duplicate(int i, SplittableRandom r) {
        if (r.nextBoolean()) {
            byte[] attributes =
                    Wire.concat(base(r), Wire.u32Attr(OPTIONAL, MED, 111), Wire.u32Attr(OPTIONAL, MED, 222));
            return kept("duplicate-attr", i, false, attributes, new Expect.Route(true, 111));
        }
        byte[] attributes = r.nextBoolean()
                ? Wire.concat(Wire.origin(0), base(r))
                : Wire.concat(
                        base(r),
                        Wire.u32Attr(OPTIONAL_TRANSITIVE, COMMUNITIES, 7),
                        Wire.u32Attr(OPTIONAL_TRANSITIVE, COMMUNITIES, 8));
        return kept("duplicate-attr", i, false, attributes, true);
    }

    /** RFC 4271 §9.1.2: a path holding our own AS is not eligible; it replaces (so removes) the peer's route. */
    private Fault loop(int i, SplittableRandom r) {
        int n = 2 + r.nextInt(30);
        long[] path = new long[n];
        path[0] = PEER_AS;
        for (int k = 1; k < n; k++) {
            path[k] = 1 + r.nextInt(64_495);
        }
        path[1 + r.nextInt(n - 1)] = BRIDGE_AS;
        return kept("as-path-loop", i, true, attrs(r, null, Wire.asPath(path), null), false);
    }

    /** Paths of 256 to 1000 ASes: well-formed (several segments), so accepted. */
    private Fault longPath(int i, SplittableRandom r) {
        int n = 256 + r.nextInt(745);
        long[] path = new long[n];
        path[0] = PEER_AS;
        for (int k = 1; k < n; k++) {
            path[k] = 1 + r.nextInt(64_495);
        }
        return kept("as-path-long", i, false, attrs(r, null, Wire.asPath(path), null), true);
    }

    /**
     * MP_REACH_NLRI of a family never negotiated (RFC 4760 §6 leaves it to be ignored; nothing calls it an error):
     * beside classic NLRI, which stays; or alone, which changes nothing.
     */
    private Fault mpUnknownFamily(int i, SplittableRandom r) {
        int afi;
        int safi;
        do {
            afi = r.nextInt(4) == 0 ? 1 + r.nextInt(2) : 3 + r.nextInt(30000);
            safi = r.nextBoolean() ? 1 : 2 + r.nextInt(250);
        } while ((afi == 1 || afi == 2) && safi == 1);
        int nhLength = new int[] {4, 8, 12, 16, 24}[r.nextInt(5)];
        Bytes v = new Bytes()
                .u16(afi)
                .u8(safi)
                .u8(nhLength)
                .raw(new byte[nhLength])
                .u8(0);
        byte[] opaque = new byte[r.nextInt(40)];
        for (int k = 0; k < opaque.length; k++) {
            opaque[k] = (byte) r.nextInt(256);
        }
        v.raw(opaque);
        byte[] mp = Wire.attr(OPTIONAL, MP_REACH, v.toArray());
        if (r.nextBoolean()) {
            return kept("mp-reach-unknown-family", i, false, Wire.concat(base(r), mp), true);
        }
        // alone: the victim announced before stays
        byte[] alone = Wire.update(new byte[0], Wire.concat(Wire.origin(0), Wire.asPath(PEER_AS), mp), new byte[0]);
        return new Fault(
                "mp-reach-unknown-family",
                Phase.ESTABLISHED,
                Wire.concat(announce(i, r), alone),
                Expect.Route.PRESENT,
                i);
    }

    /** An optional attribute of a type nobody assigned: kept or not, never an error (RFC 4271 §5). */
    private Fault unknownOptional(int i, SplittableRandom r) {
        int type = 100 + r.nextInt(27);
        int flags = (r.nextBoolean() ? OPTIONAL_TRANSITIVE : OPTIONAL) | (r.nextBoolean() ? PARTIAL : 0);
        byte[] value = new byte[r.nextInt(300)];
        for (int k = 0; k < value.length; k++) {
            value[k] = (byte) r.nextInt(256);
        }
        if (value.length > 255) {
            flags |= EXTENDED;
        }
        return kept("unknown-optional-attr", i, false, Wire.concat(base(r), Wire.attr(flags, type, value)), true);
    }

    /** Withdrawals of prefixes never announced: nothing to do; the victim announced before stays. */
    private Fault withdrawUnknown(int i, SplittableRandom r) {
        Bytes w = new Bytes();
        int n = 1 + r.nextInt(50);
        for (int k = 0; k < n; k++) {
            w.raw(Wire.prefix((11 << 24) | r.nextInt(1 << 24), 8 + r.nextInt(25)));
        }
        byte[] bytes = Wire.concat(announce(i, r), Wire.update(w.toArray(), new byte[0], new byte[0]));
        return new Fault("withdraw-never-announced", Phase.ESTABLISHED, bytes, Expect.Route.PRESENT, i);
    }

    // ---------------------------------------------------------------- the kinds that close it

    /** RFC 4271 §6.1: a marker octet not all ones: Connection Not Synchronized, in any state. */
    private Fault badMarker(int i, SplittableRandom r) {
        boolean opening = r.nextBoolean();
        byte[] m = opening ? goodOpen(r) : (r.nextBoolean() ? Wire.keepalive() : announce(i, r));
        m[r.nextInt(16)] = (byte) r.nextInt(255);
        return opening ? resetOpen("bad-marker", m, 1, 1) : reset("bad-marker", m, 1, 1);
    }

    /** RFC 4271 §6.1 (Bad Message Length, per type) and RFC 7313 §5 (ROUTE-REFRESH: its own code). */
    private Fault lengthForType(int i, SplittableRandom r) {
        return switch (r.nextInt(4)) {
            case 0 -> reset("length-wrong-for-type", Wire.message(Wire.KEEPALIVE, new byte[1 + r.nextInt(30)]), 1, 2);
            case 1 -> reset("length-wrong-for-type", Wire.message(Wire.UPDATE, new byte[r.nextInt(4)]), 1, 2);
            case 2 -> reset("length-wrong-for-type", Wire.message(Wire.NOTIFICATION, new byte[r.nextInt(2)]), 1, 2);
            default -> {
                byte[] body = new Bytes()
                        .u16(1)
                        .u8(0)
                        .u8(1)
                        .raw(new byte[1 + r.nextInt(20)])
                        .toArray();
                yield reset("length-wrong-for-type", Wire.message(Wire.ROUTE_REFRESH, body), 7, 1);
            }
        };
    }

    /** RFC 4271 §6.3 / RFC 7606 §3(i)+§5.3: an NLRI or withdrawn prefix longer than 32 bits or cut short. */
    private Fault badNlri(int i, SplittableRandom r) {
        byte[] bad = r.nextBoolean()
                ? new Bytes().u8(33 + r.nextInt(223)).raw(new byte[4]).toArray()
                : new Bytes().u8(24).u8(32).toArray(); // a /24 with only one of its three octets
        boolean inWithdrawn = r.nextInt(3) == 0;
        byte[] u = inWithdrawn
                ? Wire.update(bad, new byte[0], new byte[0])
                : Wire.update(new byte[0], base(r), Wire.concat(Wire.prefix(Fault.victimAddress(i), 24), bad));
        return reset("nlri-bad-length", u, 3, 10);
    }

    /**
     * Valid OPENs no router would send: hundreds of unknown capabilities (through RFC 9072's extended optional
     * parameters), dozens of unknown families, a Graceful Restart capability listing sixty, the 4-octet AS
     * capability twice, hold times 0 and 65535. RFC 5492 §3: unknown capabilities are ignored: the session comes up.
     */
    private Fault absurdOpen(int i, SplittableRandom r) {
        List<byte[]> caps = new ArrayList<>();
        caps.add(Wire.multiprotocolCap(1, 1));
        caps.add(Wire.fourOctetAsCap(PEER_AS));
        int hold = 90;
        switch (r.nextInt(5)) {
            case 0 -> {
                int n = 100 + r.nextInt(150);
                for (int k = 0; k < n; k++) {
                    byte[] v = new byte[r.nextInt(12)];
                    caps.add(Wire.capability(128 + r.nextInt(127), v));
                }
            }
            case 1 -> {
                for (int k = 0; k < 50; k++) {
                    caps.add(Wire.multiprotocolCap(3 + r.nextInt(60000), 1 + r.nextInt(250)));
                }
            }
            case 2 -> {
                Bytes gr = new Bytes().u16(0x0FFF);
                for (int k = 0; k < 60; k++) {
                    gr.u16(1 + r.nextInt(400)).u8(1 + r.nextInt(250)).u8(0x80);
                }
                caps.add(Wire.capability(64, gr.toArray()));
            }
            case 3 -> {
                caps.add(Wire.fourOctetAsCap(PEER_AS));
                caps.add(Wire.capability(0, new byte[0]));
            }
            default -> hold = r.nextBoolean() ? 0 : 65535;
        }
        byte[] params = extendedParams(caps);
        byte[] open = Wire.message(Wire.OPEN, Wire.openBody(4, (int) PEER_AS, hold, routerId(r), params));
        return new Fault("open-absurd-capabilities", Phase.OPENING, open, new Expect.Established(), -1);
    }

    /** All capabilities in one Capabilities parameter, in RFC 9072's extended form when they exceed 255 octets. */
    private static byte[] extendedParams(List<byte[]> caps) {
        Bytes all = new Bytes();
        caps.forEach(all::raw);
        byte[] c = all.toArray();
        if (c.length + 2 <= 255) {
            return new Bytes().u8(2).u8(c.length).raw(c).toArray();
        }
        // Non-Ext OP Len 255 (written by openBody), Non-Ext OP Type 255, Extended Opt. Parm. Length
        return new Bytes().u8(255).u16(c.length + 3).u8(2).u16(c.length).raw(c).toArray();
    }
}
