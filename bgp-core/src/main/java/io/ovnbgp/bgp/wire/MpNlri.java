package io.ovnbgp.bgp.wire;

import java.util.List;

/** The family and prefixes of an MP_REACH_NLRI or MP_UNREACH_NLRI attribute (RFC 4760). */
public record MpNlri(AfiSafi family, List<Prefix> prefixes) {

    public MpNlri {
        if (family == null) {
            throw new IllegalArgumentException("family is required");
        }
        prefixes = List.copyOf(prefixes);
        for (Prefix p : prefixes) {
            if (!p.family().equals(family)) {
                throw new IllegalArgumentException("prefix " + p + " is not of family " + family);
            }
        }
    }
}
