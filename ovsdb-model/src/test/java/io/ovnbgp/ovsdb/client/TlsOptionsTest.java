package io.ovnbgp.ovsdb.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The PEM handling without certificates from a CA (the ssl IT uses ovs-pki for those). */
class TlsOptionsTest {
    @TempDir
    Path dir;

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + type + "-----\n";
    }

    @Test
    void readsPkcs8AndRewrapsPkcs1RsaKeys() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        KeyPair kp = g.generateKeyPair();
        byte[] pkcs8 = kp.getPrivate().getEncoded();
        // a 2048-bit key's PKCS#8 is SEQUENCE(4 bytes) version(3) algId(15) OCTET STRING header(4), then PKCS#1
        byte[] pkcs1 = Arrays.copyOfRange(pkcs8, 26, pkcs8.length);
        assertThat(Pem.rsaPkcs1ToPkcs8(pkcs1)).isEqualTo(pkcs8);

        PrivateKey fromPkcs8 = Pem.privateKey(pem("PRIVATE KEY", pkcs8), dir.resolve("k8"));
        PrivateKey fromPkcs1 = Pem.privateKey("some text before\n" + pem("RSA PRIVATE KEY", pkcs1), dir.resolve("k1"));
        assertThat(fromPkcs8.getEncoded()).isEqualTo(pkcs8);
        assertThat(fromPkcs1.getEncoded()).isEqualTo(pkcs8);
    }

    @Test
    void refusesWhatItCannotUseNamingTheFile() throws Exception {
        Path key = dir.resolve("key.pem");
        Path cert = dir.resolve("cert.pem");
        Path ca = dir.resolve("ca.pem");
        TlsOptions t = new TlsOptions(key, cert, ca);
        assertThatThrownBy(t::validate)
                .isInstanceOf(OvsdbException.class)
                .hasMessageContaining(key.toString())
                .hasMessageContaining("cannot read the private key");

        Files.writeString(key, "not a key");
        assertThatThrownBy(t::validate).hasMessageContaining(key + ": no PEM private key");

        Files.writeString(
                key,
                "-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\n"
                        + "AAAA\n-----END RSA PRIVATE KEY-----\n");
        assertThatThrownBy(t::validate).hasMessageContaining("encrypted");

        Files.writeString(key, pem("EC PRIVATE KEY", new byte[] {1, 2, 3}));
        assertThatThrownBy(t::validate).hasMessageContaining("openssl pkcs8 -topk8");

        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        Files.writeString(
                key, pem("PRIVATE KEY", g.generateKeyPair().getPrivate().getEncoded()));
        assertThatThrownBy(t::validate).hasMessageContaining(cert.toString()).hasMessageContaining("certificate");
        Files.writeString(cert, "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
        assertThatThrownBy(t::validate).hasMessageContaining(cert + ": not a valid X.509 certificate");
    }

    @Test
    void anSslRemoteWithoutTlsFilesIsRefusedBeforeConnecting() {
        assertThatThrownBy(() -> OvsdbSession.open(OvsdbRemote.parse("ssl:127.0.0.1:1"), Duration.ofSeconds(1)))
                .isInstanceOf(OvsdbException.class)
                .hasMessageContaining("ssl:127.0.0.1:1")
                .hasMessageContaining("needs a private key, certificate and CA certificate");
    }
}
