package io.ovnbgp.chaos;

import io.ovnbgp.chaos.K8sOutage.Fault;
import java.util.List;
import java.util.Locale;

/**
 * What one outage of the Kubernetes API showed.
 *
 * @param churnSteps        changes FRR made to its announcements during the outage
 * @param churnSynced       of them, the ones NB showed in time
 * @param churnMaxMs        the slowest of those, FRR's configuration to NB
 * @param updatesDuring     UPDATEs FRR received from the bridge during the outage (nothing changed: 0)
 * @param withdrawalsDuring withdrawals seen at FRR or said in the bridge's log during the outage (0)
 * @param resyncMs          from the API's return to FRR holding exactly what Kubernetes wants; -1: not in time
 * @param updatesAtReturn   UPDATEs FRR received from the return to the end of the settling time
 * @param withdrawalsAtReturn prefixes FRR saw withdrawn in that time (those Kubernetes stopped wanting)
 * @param wrongWithdrawals  withdrawals of prefixes Kubernetes still wanted, at FRR or in the bridge's log
 * @param lost              everything wrong, summed
 */
record OutageResult(
        Fault fault,
        long outageSeconds,
        long churnSteps,
        long churnSynced,
        long churnMaxMs,
        long updatesDuring,
        long withdrawalsDuring,
        long resyncMs,
        long updatesAtReturn,
        long withdrawalsAtReturn,
        long wrongWithdrawals,
        long lost,
        String changes,
        List<String> withdrawalsSeen) {
    /** The bound on the resync: fabric8's informers back off to at most about 32 s between attempts. */
    static final long RESYNC_BOUND_MS = 120_000;
    /** After the resync, how long a late withdrawal (a second relist) is still watched for. */
    static final long SETTLE_MS = 5_000;

    static final String HEADER = "| fault | seconds | FRR changes during it: in NB / made (slowest) | UPDATEs /"
            + " withdrawals from the bridge during it | resync after the return | UPDATEs / withdrawals at the"
            + " return | withdrawals of prefixes still wanted | lost |\n|---|---:|---|---|---:|---|---:|---:|\n";

    String row() {
        return String.format(
                Locale.ROOT,
                "| %s | %d | %d / %d (%d ms) | %d / %d | %s | %d / %d | %d | %d |",
                fault.text,
                outageSeconds,
                churnSynced,
                churnSteps,
                churnMaxMs,
                updatesDuring,
                withdrawalsDuring,
                resyncMs < 0
                        ? "not within " + RESYNC_BOUND_MS / 1000 + " s"
                        : String.format(Locale.ROOT, "%.1f s", resyncMs / 1000.0),
                updatesAtReturn,
                withdrawalsAtReturn,
                wrongWithdrawals,
                lost);
    }
}
