package io.ovnbgp.bgp.wire;

/**
 * A field that does not parse. Internal: the caller knows which RFC error that makes (the same
 * bad prefix is Invalid Network Field in the NLRI field but Optional Attribute Error inside
 * MP_REACH_NLRI), so it turns this into a {@link BgpDecodeException} or an RFC 7606 action.
 */
final class MalformedField extends Exception {

    MalformedField(String reason) {
        super(reason, null, false, false);
    }
}
