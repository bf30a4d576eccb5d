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

    /** The counters an outage is measured by, read at one moment. */
    private record Marks(long updates, long withdrawals, long protectedWithdrawals, long logLines, int seen) {}

    private Marks marks() throws IOException {
        return new Marks(
                updatesFromBridge(),
                sampler.withdrawals(),
                sampler.protectedWithdrawals(),
                K8sOutage.withdrawLines(bridge),
                sampler.seen().size());
    }

    OutageResult run(Fault fault, int n) throws Exception {
        Set<String> before = model.wanted();
        long notInStep = notInStep(before);
        sampler.protect(before);
        Marks m0 = marks();
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
        // at the return only what Kubernetes stopped wanting may go
        sampler.protect(K8sOutage.both(before, after));
        Marks m1 = marks();
        long back = System.nanoTime();
        giveBack(fault);
        boolean resynced = sampler.awaitEqual(after, OutageResult.RESYNC_BOUND_MS);
        long resyncMs = (System.nanoTime() - back) / 1_000_000;
        Thread.sleep(OutageResult.SETTLE_MS);
        Set<String> end = sampler.current();
        Marks m2 = marks();

        long withdrawnDuring = m1.withdrawals() - m0.withdrawals() + m1.logLines() - m0.logLines();
        long updatesDuring = m1.updates() - m0.updates();
        long wrongAtReturn = m2.protectedWithdrawals()
                - m1.protectedWithdrawals()
                + Math.max(
                        0,
                        m2.logLines()
                                - m1.logLines()
                                - K8sOutage.minus(before, after).size());
        long missing =
                K8sOutage.minus(after, end).size() + K8sOutage.minus(end, after).size();
        long lost = notInStep + withdrawnDuring + updatesDuring + wrongAtReturn + churnFailures + missing;
        return new OutageResult(
                fault,
                outageMs / 1000,
                churn.steps(),
                churn.synced(),
                churn.maxMs(),
                updatesDuring,
                withdrawnDuring,
                resynced ? resyncMs : -1,
                m2.updates() - m1.updates(),
                m2.withdrawals() - m1.withdrawals(),
                m1.protectedWithdrawals() - m0.protectedWithdrawals() + wrongAtReturn,
                lost,
                changes,
                sampler.seen().subList(m0.seen(), m2.seen()));
    }

    /**
     * How far FRR is from what Kubernetes wants before the outage (the previous one did not converge): counted as
     * lost, and the outage is still made.
     */
    private long notInStep(Set<String> before) throws InterruptedException {
        if (sampler.awaitEqual(before, 60_000)) {
            return 0;
        }
        Set<String> now = sampler.current();
        System.err.println("k8s-outage: FRR does not hold what Kubernetes wants before the outage: "
                + K8sOutage.minus(before, now) + " missing, " + K8sOutage.minus(now, before) + " extra");
        return K8sOutage.minus(before, now).size()
                + K8sOutage.minus(now, before).size();
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
