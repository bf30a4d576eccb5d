package io.ovnbgp.ovsdb.client;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PEM without BouncyCastle (DESIGN excludes it): PKCS#8 keys ({@code BEGIN PRIVATE KEY}, what OpenSSL 3 and
 * ovs-pki write), PKCS#1 RSA keys ({@code BEGIN RSA PRIVATE KEY}, older OpenSSL) re-wrapped as PKCS#8, and
 * X.509 certificates. Encrypted keys are refused with a message saying so.
 */
final class Pem {
    private static final Pattern BLOCK =
            Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----\\s*([A-Za-z0-9+/=\\s:,-]*?)-----END \\1-----");
    private static final String[] KEY_ALGORITHMS = {"RSA", "EC", "Ed25519", "Ed448", "DSA"};

    private Pem() {}

    record Block(String type, byte[] der) {}

    static List<Block> blocks(String text) {
        List<Block> out = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        while (m.find()) {
            String body = m.group(2);
            if (body.contains("Proc-Type:") || body.contains("DEK-Info:")) {
                out.add(new Block(m.group(1) + " (encrypted)", new byte[0]));
                continue;
            }
            out.add(new Block(m.group(1), Base64.getMimeDecoder().decode(body.replaceAll("\\s", ""))));
        }
        return out;
    }

    static PrivateKey privateKey(String text, Path file) throws OvsdbException {
        for (Block b : blocks(text)) {
            switch (b.type()) {
                case "PRIVATE KEY":
                    return pkcs8(b.der(), file);
                case "RSA PRIVATE KEY":
                    return pkcs8(rsaPkcs1ToPkcs8(b.der()), file);
                case "ENCRYPTED PRIVATE KEY":
                case "RSA PRIVATE KEY (encrypted)":
                case "EC PRIVATE KEY (encrypted)":
                    throw new OvsdbException(
                            file + ": the private key is encrypted; OVS keys are not, give an " + "unencrypted one");
                case "EC PRIVATE KEY":
                    throw new OvsdbException(file + ": a SEC1 'EC PRIVATE KEY' is not supported; convert it with "
                            + "'openssl pkcs8 -topk8 -nocrypt'");
                default:
                    break;
            }
        }
        throw new OvsdbException(
                file + ": no PEM private key in it (expected BEGIN PRIVATE KEY or BEGIN RSA " + "PRIVATE KEY)");
    }

    private static PrivateKey pkcs8(byte[] der, Path file) throws OvsdbException {
        for (String alg : KEY_ALGORITHMS) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException | RuntimeException ignored) {
                // try the next algorithm
            }
        }
        throw new OvsdbException(file + ": the private key is not a PKCS#8 RSA, EC, EdDSA or DSA key");
    }

    static List<X509Certificate> certificates(String text, Path file) throws OvsdbException {
        List<X509Certificate> out = new ArrayList<>();
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            for (Block b : blocks(text)) {
                if (b.type().equals("CERTIFICATE")) {
                    out.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(b.der())));
                }
            }
        } catch (CertificateException e) {
            throw new OvsdbException(file + ": not a valid X.509 certificate: " + e.getMessage(), e);
        }
        if (out.isEmpty()) {
            throw new OvsdbException(file + ": no PEM certificate in it (expected BEGIN CERTIFICATE)");
        }
        return out;
    }

    /** Whether {@code key} signs what {@code cert}'s public key verifies. */
    static boolean matches(PrivateKey key, X509Certificate cert) throws GeneralSecurityException {
        String alg = switch (key.getAlgorithm()) {
            case "RSA" -> "SHA256withRSA";
            case "EC" -> "SHA256withECDSA";
            case "DSA" -> "SHA256withDSA";
            default -> key.getAlgorithm();
        };
        byte[] probe = "ovn-bgp-bridge key check".getBytes(StandardCharsets.US_ASCII);
        Signature s = Signature.getInstance(alg);
        s.initSign(key);
        s.update(probe);
        byte[] sig = s.sign();
        Signature v = Signature.getInstance(alg);
        v.initVerify(cert.getPublicKey());
        v.update(probe);
        return v.verify(sig);
    }

    /** PKCS#8 PrivateKeyInfo around a PKCS#1 RSAPrivateKey: version 0, rsaEncryption with NULL, the key. */
    static byte[] rsaPkcs1ToPkcs8(byte[] pkcs1) {
        byte[] algId = {
            0x30,
            0x0d,
            0x06,
            0x09,
            0x2a,
            (byte) 0x86,
            0x48,
            (byte) 0x86,
            (byte) 0xf7,
            0x0d,
            0x01,
            0x01,
            0x01,
            0x05,
            0x00
        };
        byte[] version = {0x02, 0x01, 0x00};
        byte[] octets = tlv(0x04, pkcs1);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(version);
        body.writeBytes(algId);
        body.writeBytes(octets);
        return tlv(0x30, body.toByteArray());
    }

    private static byte[] tlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int len = value.length;
        if (len < 0x80) {
            out.write(len);
        } else if (len < 0x100) {
            out.write(0x81);
            out.write(len);
        } else if (len < 0x10000) {
            out.write(0x82);
            out.write(len >> 8);
            out.write(len);
        } else {
            out.write(0x83);
            out.write(len >> 16);
            out.write(len >> 8);
            out.write(len);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
