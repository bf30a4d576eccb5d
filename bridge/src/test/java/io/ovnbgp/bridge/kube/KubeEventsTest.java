package io.ovnbgp.bridge.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@EnableKubernetesMockClient(crud = true)
class KubeEventsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);
    KubernetesClient client;
    private KubeEvents events;

    @AfterEach
    void stop() {
        if (events != null) {
            events.close();
        }
    }

    private List<Event> eventsIn(String namespace) {
        return client.v1().events().inNamespace(namespace).list().getItems().stream()
                .sorted(Comparator.comparing(e -> e.getMetadata().getName()))
                .toList();
    }

    @Test
    void sessionUpAndDownAreEventsOnTheNodeNamingThePeerItsAddressAndTheNotification() {
        events = new KubeEvents(client, "node1");
        events.sessionUp("tor-a", "192.0.2.1", "AS 65001, router ID 10.255.0.1, hold time 90 s, ipv4-unicast");
        await().atMost(WAIT).until(() -> eventsIn("default").size() == 1);
        events.sessionDown(
                "tor-a", "192.0.2.1", "received NOTIFICATION Cease / Administrative Shutdown: \"maintenance\"");
        await().atMost(WAIT).until(() -> eventsIn("default").size() == 2);

        Event up = eventsIn("default").stream()
                .filter(e -> e.getReason().equals("BGPSessionEstablished"))
                .findFirst()
                .orElseThrow();
        assertThat(up.getType()).isEqualTo("Normal");
        assertThat(up.getMessage())
                .isEqualTo("BGP session with tor-a (192.0.2.1) Established: AS 65001, router ID"
                        + " 10.255.0.1, hold time 90 s, ipv4-unicast");
        Event down = eventsIn("default").stream()
                .filter(e -> e.getReason().equals("BGPSessionDown"))
                .findFirst()
                .orElseThrow();
        assertThat(down.getType()).isEqualTo("Warning");
        assertThat(down.getMessage())
                .isEqualTo("BGP session with tor-a (192.0.2.1) down: received NOTIFICATION"
                        + " Cease / Administrative Shutdown: \"maintenance\"");
        for (Event e : List.of(up, down)) {
            // what kubectl describe node matches on: kind Node, its name, uid = the name (kubelet's convention)
            assertThat(e.getInvolvedObject().getKind()).isEqualTo("Node");
            assertThat(e.getInvolvedObject().getName()).isEqualTo("node1");
            assertThat(e.getInvolvedObject().getUid()).isEqualTo("node1");
            assertThat(e.getInvolvedObject().getNamespace()).isNull();
            assertThat(e.getSource().getComponent()).isEqualTo("ovn-bgp-bridge");
            assertThat(e.getSource().getHost()).isEqualTo("node1");
            assertThat(e.getCount()).isEqualTo(1);
            assertThat(e.getFirstTimestamp()).isNotBlank();
        }
        assertThat(events.posted()).isEqualTo(2);
    }

    @Test
    void aRefusedConfigurationIsAWarningOnItsConfigMap() {
        events = new KubeEvents(client, "node1");
        events.invalidConfig(
                "ovn-bgp-bridge", "ovn-bgp-bridge-config", "peers[1].holdTime: 2s: 0 or 3-65535 s (RFC 4271)");
        await().atMost(WAIT).until(() -> eventsIn("ovn-bgp-bridge").size() == 1);

        Event e = eventsIn("ovn-bgp-bridge").get(0);
        assertThat(e.getType()).isEqualTo("Warning");
        assertThat(e.getReason()).isEqualTo("InvalidConfig");
        assertThat(e.getMessage())
                .isEqualTo("configuration refused, the running one stays: peers[1].holdTime: 2s:"
                        + " 0 or 3-65535 s (RFC 4271)");
        assertThat(e.getInvolvedObject().getKind()).isEqualTo("ConfigMap");
        assertThat(e.getInvolvedObject().getNamespace()).isEqualTo("ovn-bgp-bridge");
        assertThat(e.getInvolvedObject().getName()).isEqualTo("ovn-bgp-bridge-config");
        assertThat(eventsIn("default")).isEmpty();
    }

    @Test
    void aFlappingPeerYieldsABoundedNumberOfEventsAndTheLastStateWithTheSuppressedCount() {
        // the default limits (5, then 1 per minute) with the minute shortened so that the test sees the catch-up
        events = new KubeEvents(client, "node1", new KubeEvents.Limits(5, Duration.ofSeconds(2)));
        long start = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            events.sessionUp("tor-a", "192.0.2.1", "AS 65001");
            events.sessionDown("tor-a", "192.0.2.1", "hold timer expired after 9 s (flap " + i + ")");
        }
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        // a quiet peer is not held back by the noisy one
        events.sessionUp("tor-b", "192.0.2.2", "AS 65002");

        // the burst: 5 of tor-a's 200, and tor-b's
        await().atMost(WAIT).until(() -> eventsIn("default").size() == 6);
        assertThat(tookMs)
                .as("200 events queued without waiting for the API server")
                .isLessThan(1_000);
        // then, when the next token comes, the newest (down, flap 99) with the count of those it replaced
        await().atMost(WAIT).until(() -> eventsIn("default").size() == 7);
        List<Event> all = eventsIn("default");
        assertThat(all.stream().filter(e -> e.getMessage().contains("tor-b"))).hasSize(1);
        List<Event> torA =
                all.stream().filter(e -> e.getMessage().contains("tor-a")).toList();
        assertThat(torA).hasSize(6);
        Event last = torA.stream()
                .filter(e -> e.getMessage().contains("flap 99"))
                .findFirst()
                .orElseThrow();
        assertThat(last.getReason()).isEqualTo("BGPSessionDown");
        assertThat(last.getMessage())
                .endsWith("(flap 99) (194 earlier session events of tor-a not posted: at most 5"
                        + " at once, then 1 per 2 s)");
        assertThat(events.suppressed()).isEqualTo(194);
        assertThat(events.dropped()).isZero();

        // and nothing more: one per refill at most, and there is nothing left to post
        await().pollDelay(Duration.ofMillis(2500)).atMost(WAIT).until(() -> true);
        assertThat(eventsIn("default")).hasSize(7);
    }
}
