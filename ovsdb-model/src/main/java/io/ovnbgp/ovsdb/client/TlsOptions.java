package io.ovnbgp.ovsdb.client;

import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;
import javax.net.ssl.SSLException;

/**
 * The client side of an {@code ssl:} remote, as ovn-nbctl's {@code --private-key}, {@code --certificate} and
 * {@code --ca-cert} give it: PEM files. As in OVS, the server's certificate must chain to the CA; its name is
 * not checked against the host (OVN certificates name a role, not an address).
 */
public record TlsOptions(Path privateKey, Path certificate, Path caCertificate) {
    public TlsOptions {
        Objects.requireNonNull(privateKey, "privateKey");
        Objects.requireNonNull(certificate, "certificate");
        Objects.requireNonNull(caCertificate, "caCertificate");
    }

    /**
     * Reads and checks the three files (PEM, key matches certificate) without connecting, e.g. when the
     * configuration is loaded; the message names the file and what is wrong with it.
     */
    public void validate() throws OvsdbException {
        load();
    }

    /** The files as a client TLS context; read anew for every connection, so renewed files are picked up. */
    SslContext load() throws OvsdbException {
        PrivateKey key = Pem.privateKey(read(privateKey, "private key"), privateKey);
        List<X509Certificate> chain = Pem.certificates(read(certificate, "certificate"), certificate);
        List<X509Certificate> cas = Pem.certificates(read(caCertificate, "CA certificate"), caCertificate);
        try {
            if (!Pem.matches(key, chain.get(0))) {
                throw new OvsdbException(
                        privateKey + ": this private key does not belong to the certificate in " + certificate);
            }
        } catch (GeneralSecurityException e) {
            throw new OvsdbException(privateKey + ": cannot check the key against " + certificate + ": " + e, e);
        }
        try {
            return SslContextBuilder.forClient()
                    .keyManager(key, chain)
                    .trustManager(cas)
                    .endpointIdentificationAlgorithm(null)
                    .build();
        } catch (SSLException | RuntimeException e) {
            throw new OvsdbException("cannot build a TLS context from " + this + ": " + e.getMessage(), e);
        }
    }

    private static String read(Path p, String what) throws OvsdbException {
        try {
            return Files.readString(p, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new OvsdbException(p + ": cannot read the " + what + ": " + e, e);
        }
    }

    @Override
    public String toString() {
        return "TLS(private key " + privateKey + ", certificate " + certificate + ", CA " + caCertificate + ")";
    }
}
