package io.ovnbgp.chaos;

/**
 * One hostile input and the reaction RFC 4271 / RFC 7606 require of the bridge.
 *
 * @param kind    what it is, for the tally (e.g. "origin-value")
 * @param phase   when it is sent
 * @param bytes   the octets sent (one message or several, possibly not whole)
 * @param expect  the required reaction
 * @param victim  for a fault kept on the session: the prefix index it concerns ({@link Fault#victimAddress})
 */
record Fault(String kind, Phase phase, byte[] bytes, Expect expect, int victim) {

    enum Phase {
        /** Sent right after the TCP connect, in place of (or around) our OPEN. */
        OPENING,
        /** Sent on an Established session. */
        ESTABLISHED
    }

    /** What the bridge must do. */
    sealed interface Expect {
        /** Close the session with this NOTIFICATION; a subcode of -1 accepts any under the code. */
        record Notify(int code, int subcode) implements Expect {
            @Override
            public String toString() {
                return "NOTIFICATION " + code + "/" + (subcode < 0 ? "*" : subcode);
            }
        }

        /** Close the connection; {@code silent}: without sending a NOTIFICATION (one never answers one). */
        record Closed(boolean silent) implements Expect {}

        /** Accept the OPEN: the session reaches Established. */
        record Established() implements Expect {}

        /** Keep the session; afterwards the victim prefix is in the RIB from this peer or not. */
        record Route(boolean present, long med) implements Expect {
            static final Route PRESENT = new Route(true, -1);
        }
    }

    boolean keepsSession() {
        return expect instanceof Expect.Route;
    }

    /** The victim's /24: 32.0.0.0 upwards, one per fault index. */
    static int victimAddress(int index) {
        return (32 << 24) + (index << 8);
    }

    static String victimText(int index) {
        int a = victimAddress(index);
        return (a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + ".0/24";
    }
}
