package io.ovnbgp.chaos;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * What the flapping peer announces in one session: {@code routes} /24s from 10.0.0.0 up, each with next hop
 * {@link #NEXT_HOP}, except that every session leaves out a random 2 % and gives another random 2 % the other next
 * hop {@link #ALT_NEXT_HOP}: NB must really change at each flap, also when graceful restart keeps the paths across
 * it (the End-of-RIB must then sweep the ones not sent again). Written octet by octet ({@link Wire}), many prefixes
 * per UPDATE, as a full table is sent.
 */
record FlapTable(Set<String> routes, List<byte[]> updates) {
    static final String NEXT_HOP = "203.0.113.10";
    static final String ALT_NEXT_HOP = "203.0.113.11";
    private static final int NH = 0xCB00710A;
    private static final int ALT_NH = 0xCB00710B;
    /** /24 prefixes per UPDATE: 4 octets each, the whole message under 4096 octets. */
    private static final int PER_UPDATE = 900;

    /** The table of session {@code session} (deterministic in {@code seed}). */
    static FlapTable of(int routes, long seed, int session, long peerAs) {
        SplittableRandom r = new SplittableRandom(seed * 1_000_003L + session);
        List<Integer> main = new ArrayList<>();
        List<Integer> alt = new ArrayList<>();
        Set<String> sent = new HashSet<>();
        for (int i = 0; i < routes; i++) {
            int d = r.nextInt(50);
            if (d == 0) {
                continue; // left out this time
            }
            int address = 0x0A000000 + (i << 8);
            boolean other = d == 1;
            (other ? alt : main).add(address);
            sent.add(text(address) + "/24 " + (other ? ALT_NEXT_HOP : NEXT_HOP));
        }
        List<byte[]> updates = new ArrayList<>();
        encode(main, NH, peerAs, updates);
        encode(alt, ALT_NH, peerAs, updates);
        updates.add(Wire.update(new byte[0], new byte[0], new byte[0])); // End-of-RIB (RFC 4724 §2)
        return new FlapTable(Set.copyOf(sent), List.copyOf(updates));
    }

    private static void encode(List<Integer> addresses, int nextHop, long peerAs, List<byte[]> out) {
        byte[] attrs = Wire.concat(Wire.origin(0), Wire.asPath(peerAs), Wire.nextHop(nextHop));
        for (int i = 0; i < addresses.size(); i += PER_UPDATE) {
            Wire.Bytes nlri = new Wire.Bytes();
            for (int a : addresses.subList(i, Math.min(addresses.size(), i + PER_UPDATE))) {
                nlri.raw(Wire.prefix(a, 24));
            }
            out.add(Wire.update(new byte[0], attrs, nlri.toArray()));
        }
    }

    /** The whole session's UPDATEs, End-of-RIB last, as one write. */
    byte[] bytes() {
        return Wire.concat(updates.toArray(new byte[0][]));
    }

    private static String text(int a) {
        return (a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
    }

    /** The OPEN of a session in {@code mode}: the fuzzer's good OPEN, plus Graceful Restart when the mode has it. */
    static byte[] open(FlapMode mode, long as, int id, int hold) {
        List<byte[]> caps =
                new ArrayList<>(List.of(Wire.multiprotocolCap(1, 1), Wire.routeRefreshCap(), Wire.fourOctetAsCap(as)));
        if (mode.gracefulRestart) {
            caps.add(gracefulRestartCap(120));
        }
        byte[] params = Wire.capabilityParams(caps.toArray(new byte[0][]));
        return Wire.message(Wire.OPEN, Wire.openBody(4, as > 0xFFFF ? 23456 : (int) as, hold, id, params));
    }

    /**
     * RFC 4724 §3: restart flags and time (here 0 and {@code seconds}), then IPv4 unicast with the Forwarding State
     * bit set, so that the bridge keeps the stale paths until End-of-RIB instead of sweeping them when we are back.
     */
    static byte[] gracefulRestartCap(int seconds) {
        return Wire.capability(
                64, new Wire.Bytes().u16(seconds & 0x0FFF).u16(1).u8(1).u8(0x80).toArray());
    }
}
