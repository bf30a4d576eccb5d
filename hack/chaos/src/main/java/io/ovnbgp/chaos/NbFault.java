package io.ovnbgp.chaos;

/**
 * One kind of NB fault, in three steps around the peer's changes: {@link #inject()} while the peer is changing
 * routes, {@link #recover(long)} once it has paused (what must happen before convergence can be expected), and
 * {@link #restore()} after convergence (what brings the setup back whole for the next fault).
 */
interface NbFault {
    /** The row name in the figures. */
    String kind();

    /** From which moment the time to converge is counted, in words. */
    String measuredFrom();

    /** Injects the fault; returns what it hit, for the log. */
    String inject() throws Exception;

    /** The peer has paused; returns the {@link System#nanoTime()} the time to converge is counted from. */
    long recover(long injectedAt) throws Exception;

    /** After convergence: restarts, resumes or heals what the fault left down. */
    void restore() throws Exception;
}
