package io.ovnbgp.bgp.wire;

import java.util.Arrays;

/**
 * How a received OPEN grouped its capabilities into Optional Parameters. Speakers differ (one
 * capability per parameter, or all in one) and the difference carries no meaning, so it lives
 * here, outside the message's value, only to make re-encoding byte-exact.
 */
public final class OpenLayout {

    private final boolean extendedParameters;
    private final int[] capabilitiesPerParameter;

    OpenLayout(boolean extendedParameters, int[] capabilitiesPerParameter) {
        this.extendedParameters = extendedParameters;
        this.capabilitiesPerParameter = capabilitiesPerParameter.clone();
    }

    /** Whether the RFC 9072 extended Optional Parameters Length form was used. */
    public boolean extendedParameters() {
        return extendedParameters;
    }

    int parameters() {
        return capabilitiesPerParameter.length;
    }

    int capabilitiesIn(int parameter) {
        return capabilitiesPerParameter[parameter];
    }

    boolean fits(int capabilityCount) {
        return Arrays.stream(capabilitiesPerParameter).sum() == capabilityCount;
    }

    @Override
    public String toString() {
        return "OpenLayout" + Arrays.toString(capabilitiesPerParameter) + (extendedParameters ? " extended" : "");
    }
}
