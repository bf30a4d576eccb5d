package io.ovnbgp.ovsdb.nb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ovnbgp.ovsdb.client.OvsdbException;
import io.ovnbgp.ovsdb.client.OvsdbRemote;
import org.junit.jupiter.api.Test;

class StaleMemberGuardTest {
    private static final OvsdbRemote A = OvsdbRemote.tcp("127.0.0.1", 6641);
    private static final OvsdbRemote B = OvsdbRemote.tcp("127.0.0.2", 6641);
    private static final OvsdbRemote C = OvsdbRemote.tcp("127.0.0.3", 6641);

    private static ServerStatus clustered(long index) {
        return new ServerStatus("OVN_Northbound", "clustered", true, true, index);
    }

    @Test
    void aMemberBehindAnIndexAlreadySeenIsRefusedSoThatItsOlderRowsNeverReplaceNewerOnes() throws Exception {
        StaleMemberGuard g = new StaleMemberGuard(3);
        assertThat(g.check(A, clustered(100))).isFalse();
        g.seen(140); // the connected member moved on through its _Server updates
        assertThatThrownBy(() -> g.check(B, clustered(120)))
                .isInstanceOf(OvsdbException.class)
                .hasMessageContaining("index 120, behind index 140");
        // a member that caught up is taken, and raises the mark
        assertThat(g.check(C, clustered(150))).isFalse();
        assertThatThrownBy(() -> g.check(A, clustered(149))).isInstanceOf(OvsdbException.class);
    }

    @Test
    void everyMemberBehindMeansTheClusterWasRebuiltAndTheGuardStartsOver() throws Exception {
        StaleMemberGuard g = new StaleMemberGuard(3);
        g.check(A, clustered(500));
        assertThatThrownBy(() -> g.check(A, clustered(10))).isInstanceOf(OvsdbException.class);
        assertThatThrownBy(() -> g.check(B, clustered(10))).isInstanceOf(OvsdbException.class);
        // the third refusal in a row: a new cluster, not a stale member; the caller forgets its resume point
        assertThat(g.check(C, clustered(10))).isTrue();
        assertThat(g.check(A, clustered(11))).isFalse();
    }

    @Test
    void aStandaloneServerHasNoIndexToCompare() throws Exception {
        StaleMemberGuard g = new StaleMemberGuard(1);
        g.check(A, clustered(500));
        assertThat(g.check(A, ServerStatus.standalone("OVN_Northbound"))).isFalse();
    }
}
