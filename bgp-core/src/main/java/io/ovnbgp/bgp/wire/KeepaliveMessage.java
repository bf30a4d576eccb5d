package io.ovnbgp.bgp.wire;

/** KEEPALIVE (RFC 4271 §4.4): a bare header, so one instance serves every session. */
public final class KeepaliveMessage implements BgpMessage {

    public static final KeepaliveMessage INSTANCE = new KeepaliveMessage();

    private KeepaliveMessage() {}

    @Override
    public MessageType type() {
        return MessageType.KEEPALIVE;
    }

    @Override
    public String toString() {
        return "KEEPALIVE";
    }
}
