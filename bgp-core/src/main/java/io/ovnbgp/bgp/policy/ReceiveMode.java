package io.ovnbgp.bgp.policy;

/** What a peer may send us (config {@code receive.mode}). */
public enum ReceiveMode {
    /** Nothing is accepted: the safe default. */
    NONE,
    /** Every path is accepted (own-AS loops are still rejected). */
    ALL,
    /** Only prefixes matching the prefix list (and the community condition, if any). */
    FILTERED
}
