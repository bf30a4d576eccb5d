package io.ovnbgp.bridge.ovn;

import java.time.Instant;

/**
 * What the OVN writer has done so far, for {@code /status}: written by the writer thread only, read by any.
 */
public final class WriterStats {
    private final SyncLagWindow syncLag = new SyncLagWindow();
    private volatile int rowsOwned;
    private volatile long repairs;
    private volatile long resyncs;
    private volatile long transactions;
    private volatile long failedTransactions;
    private volatile String lastError;
    private volatile Instant lastCommit;

    public int rowsOwned() {
        return rowsOwned;
    }

    public long repairs() {
        return repairs;
    }

    public long resyncs() {
        return resyncs;
    }

    public long transactions() {
        return transactions;
    }

    public long failedTransactions() {
        return failedTransactions;
    }

    /** The last failure (a transaction's, the Northbound connection's, an unexpected one), or null. */
    public String lastError() {
        return lastError;
    }

    /** When the last transaction committed, or null. */
    public Instant lastCommit() {
        return lastCommit;
    }

    public SyncLagWindow syncLag() {
        return syncLag;
    }

    void rowsOwned(int n) {
        rowsOwned = n;
    }

    void repaired() {
        repairs++;
    }

    void resynced() {
        resyncs++;
    }

    void committed() {
        transactions++;
        lastCommit = Instant.now();
    }

    void failed(String error) {
        failedTransactions++;
        lastError = error;
    }

    void error(String error) {
        lastError = error;
    }
}
