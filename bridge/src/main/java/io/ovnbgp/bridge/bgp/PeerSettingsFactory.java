package io.ovnbgp.bridge.bgp;

import com.google.common.net.InetAddresses;
import io.ovnbgp.bgp.fsm.PeerSettings;
import io.ovnbgp.bgp.wire.AfiSafi;
import io.ovnbgp.bridge.config.BridgeConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;

/** Turns a validated {@code peers[i]} entry into what the speaker needs. */
public final class PeerSettingsFactory {
    private PeerSettingsFactory() {}

    /** As {@link #from(BridgeConfig, int, SecretReader)} for a configuration without Secret references. */
    public static PeerSettings from(BridgeConfig config, int index) {
        return from(config, index, null);
    }

    /** Reads {@code password.secretRef}; null when the Kubernetes API is not used. */
    @FunctionalInterface
    public interface SecretReader {
        String read(BridgeConfig.SecretRef ref, String field);
    }

    /** @throws IllegalArgumentException naming the field, when a referenced password cannot be read */
    public static PeerSettings from(BridgeConfig config, int index, SecretReader secrets) {
        BridgeConfig.Peer p = config.peers().get(index);
        String path = "peers[" + index + "]";
        InetAddress remote = InetAddresses.forString(p.address());
        InetAddress local = p.sourceAddress() == null ? null : InetAddresses.forString(p.sourceAddress());
        Set<AfiSafi> families = new LinkedHashSet<>();
        for (String f : p.families()) {
            families.add(AfiSafi.parse(f));
        }
        int routerId = InetAddresses.coerceToInteger(InetAddresses.forString(config.routerID()));
        return new PeerSettings(
                p.name(),
                remote,
                p.port(),
                local,
                config.localASN(),
                p.asn(),
                routerId,
                (int) p.holdTime().toSeconds(),
                (int) p.keepaliveTime().toSeconds(),
                p.connectRetryTime(),
                p.passive(),
                password(p, path, secrets),
                p.ebgpMultihop(),
                p.ttlSecurity(),
                families,
                p.gracefulRestart().enabled() ? p.gracefulRestart().restartTime() : null);
    }

    private static String password(BridgeConfig.Peer p, String path, SecretReader secrets) {
        if (p.password() == null) {
            return null;
        }
        if (p.password().file() != null) {
            try {
                // a mounted Secret file ends with whatever the editor left: the key is the first line
                return Files.readString(Path.of(p.password().file()), StandardCharsets.UTF_8)
                        .lines()
                        .findFirst()
                        .orElse("");
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        path + ".password.file: cannot read " + p.password().file() + ": " + e.getMessage(), e);
            }
        }
        if (secrets == null) {
            throw new IllegalArgumentException(path + ".password.secretRef: needs the Kubernetes API, which is off"
                    + " (kubernetes.enabled); mount the Secret and use password.file instead");
        }
        return secrets.read(p.password().secretRef(), path + ".password.secretRef");
    }
}
