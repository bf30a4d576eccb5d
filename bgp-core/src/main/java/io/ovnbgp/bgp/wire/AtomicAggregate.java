package io.ovnbgp.bgp.wire;

/** ATOMIC_AGGREGATE (RFC 4271 §5.1.6): present or not, no value. */
public enum AtomicAggregate implements PathAttribute {
    INSTANCE;

    @Override
    public int typeCode() {
        return AttributeType.ATOMIC_AGGREGATE.code();
    }
}
