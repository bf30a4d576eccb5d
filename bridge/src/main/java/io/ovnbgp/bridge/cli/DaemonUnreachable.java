package io.ovnbgp.bridge.cli;

/** The daemon's HTTP endpoint did not answer (or answered with an error): the CLI's exit 1, in one line. */
public final class DaemonUnreachable extends Exception {
    public DaemonUnreachable(String message) {
        super(message);
    }
}
