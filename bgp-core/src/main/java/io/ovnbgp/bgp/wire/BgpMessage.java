package io.ovnbgp.bgp.wire;

/**
 * One BGP message, decoded and immutable. Instances hold no reference to the buffer they were
 * read from, so they may be handed across threads freely.
 */
public sealed interface BgpMessage
        permits OpenMessage, UpdateMessage, NotificationMessage, KeepaliveMessage, RouteRefreshMessage {

    MessageType type();
}
