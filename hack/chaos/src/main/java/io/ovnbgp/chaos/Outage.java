package io.ovnbgp.chaos;

import io.ovnbgp.chaos.K8sOutage.Fault;
import io.ovnbgp.e2e.harness.FrrBgpd;
import io.ovnbgp.e2e.harness.KubeApi;
import java.io.IOException;
import java.util.Set;

/**
 * One outage of the Kubernetes API and the return from it, with what FRR and NB showed meanwhile: see
 * {@link K8sOutage}. The objects are changed while the bridge cannot see them: through {@link KubeApi#sideDoor()}
 * (a second server over the same objects) while the API server is stopped, directly while the relay black-holes.
 */
final class Outage {
    private final KubeApi kube;
    private final StallingRelay relay;
    private final ClusterModel model;
    private final AdvertisedSampler sampler;
    private final NbChurn churn;
    private final FrrBgpd frr;
    private final BridgeProcess bridge;
    private final long outageMs;

    Outage(
            KubeApi kube,
            StallingRelay relay,
            ClusterModel model,
            AdvertisedSampler sampler,
            NbChurn churn,
            FrrBgpd frr,
            BridgeProcess bridge,
            long outageMs) {
        this.kube = kube;
        this.relay = relay;
        this.model = model;
        this.sampler = sampler;
        this.churn = churn;
        this.frr = frr;
        this.bridge = bridge;
        this.outageMs = outageMs;
    }

    OutageResult run(Fault fault, int n) throws Exception {
        Set<String> before = model.wanted();
        // not in step before the outage (the previous one did not converge): counted, and the outage still made
        long notInStep = 0;
        if (!sampler.awaitEqual(before, 60_000)) {
            notInStep = K8sOutage.minus(before, sampler.current()).size()
                    + K8sOutage.minus(sampler.current(), before).size();
            System.err.println("k8s-outage: FRR does not hold what Kubernetes wants before the outage: "
                    + K8sOutage.minus(before, sampler.current()) + " missing, "
                    + K8sOutage.minus(sampler.current(), before) + " extra");
        }
        sampler.protect(before);
        long updates0 = updatesFromBridge();
        long withdrawn0 = sampler.withdrawals();
        long protected0 = sampler.protectedWithdrawals();
        long logLines0 = K8sOutage.withdrawLines(bridge);
        int seen0 = sampler.seen().size();
        churn.resetFigures();

        long start = System.currentTimeMillis();
        takeAway(fault);
        System.err.println("k8s-outage: " + fault.text + " for " + outageMs / 1000 + " s");
        String changes = changeWhileAway(fault, n);
        Set<String> after = model.wanted();
        long churnFailures = 0;
        while (System.currentTimeMillis() - start < outageMs) {
            churnFailures += churn.step() ? 0 : 1;
            Thread.sleep(Math.min(1000, Math.max(0, outageMs - (System.currentTimeMillis() - start))));
        }
        long updatesDuring = updatesFromBridge() - updates0;
        long withdrawnDuring = sampler.withdrawals() - withdrawn0;
        long logLinesDuring = K8sOutage.withdrawLines(bridge) - logLines0;
        long protectedDuring = sampler.protectedWithdrawals() - protected0;

        // at the return only what Kubernetes stopped wanting may go
        sampler.protect(K8sOutage.both(before, after));
        long updates1 = updatesFromBridge();
        long withdrawn1 = sampler.withdrawals();
        long logLines1 = K8sOutage.withdrawLines(bridge);
        long back = System.nanoTime();
        giveBack(fault);
        boolean resynced = sampler.awaitEqual(after, OutageResult.RESYNC_BOUND_MS);
        long resyncMs = (System.nanoTime() - back) / 1_000_000;
        Thread.sleep(OutageResult.SETTLE_MS);
        Set<String> end = sampler.current();
        long extraWithdrawLines = Math.max(
                0,
                K8sOutage.withdrawLines(bridge)
                        - logLines1
                        - K8sOutage.minus(before, after).size());
        long protectedAtReturn = sampler.protectedWithdrawals() - protected0 - protectedDuring;
        long missing =
                K8sOutage.minus(after, end).size() + K8sOutage.minus(end, after).size();
        long lost = notInStep
                + protectedDuring
                + protectedAtReturn
                + (withdrawnDuring - protectedDuring)
                + logLinesDuring
                + updatesDuring
                + extraWithdrawLines
                + churnFailures
                + missing;
        return new OutageResult(
                fault,
                outageMs / 1000,
                churn.steps(),
                churn.synced(),
                churn.maxMs(),
                updatesDuring,
                withdrawnDuring + logLinesDuring,
                resynced ? resyncMs : -1,
                updatesFromBridge() - updates1,
                sampler.withdrawals() - withdrawn1,
                protectedDuring + protectedAtReturn + extraWithdrawLines,
                lost,
                changes,
                sampler.seen().subList(seen0, sampler.seen().size()));
    }

    private void takeAway(Fault fault) throws IOException {
        if (fault == Fault.REFUSED) {
            relay.refuse();
            kube.stop();
        } else {
            relay.blackHole();
        }
    }

    /**
     * The mock server cannot replay the events the bridge missed; a real API server would, or (after a restart of
     * it, always) answer 410 Gone to a watch from before: the history is compacted so that the mock does the latter.
     */
    private void giveBack(Fault fault) throws IOException {
        if (fault == Fault.REFUSED) {
            kube.restart();
        }
        kube.compactHistory();
        relay.resume();
    }

    private String changeWhileAway(Fault fault, int n) throws IOException {
        if (fault == Fault.REFUSED) {
            try (KubeApi side = kube.sideDoor()) {
                return model.changeWhileAway(side, n) + " (through a second API server over the same objects)";
            }
        }
        return model.changeWhileAway(kube, n) + " (on the API server, behind the black hole)";
    }

    /** UPDATEs FRR has received from the bridge so far. */
    private long updatesFromBridge() {
        return frr.vtyshJson("show bgp neighbors 127.0.0.1 json")
                .path("127.0.0.1")
                .path("messageStats")
                .path("updatesRecv")
                .asLong(-1);
    }
}
