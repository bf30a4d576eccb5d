package io.ovnbgp.bgp.fsm;

/** RFC 4271 §8.2.2 session states. */
public enum SessionState {
    IDLE("Idle"),
    CONNECT("Connect"),
    ACTIVE("Active"),
    OPEN_SENT("OpenSent"),
    OPEN_CONFIRM("OpenConfirm"),
    ESTABLISHED("Established");

    private final String rfcName;

    SessionState(String rfcName) {
        this.rfcName = rfcName;
    }

    @Override
    public String toString() {
        return rfcName;
    }
}
