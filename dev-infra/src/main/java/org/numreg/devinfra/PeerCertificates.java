package org.numreg.devinfra;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small certificate authority for registrars that run on this machine: one CA, and for each
 * registrar a certificate (CN = its id, valid for localhost and 127.0.0.1, for server and client
 * use) in a PKCS12 key store, plus a trust store holding the CA. Made once; kept in a folder.
 * Operators bring their own certificates instead (docs/operations.md).
 */
public final class PeerCertificates {

    /** What a registrar's consensus-service needs for mutual TLS with its peers. */
    public record Stores(Path keyStore, Path trustStore, String password) {
    }

    private static final String CA_ALIAS = "numreg-ca";
    private static final Duration VALIDITY = Duration.ofDays(3650);

    private PeerCertificates() {
    }

    /** The stores of each registrar under {@code dir}, made at the first call. */
    public static Map<String, Stores> ensure(Path dir, List<String> registrars) {
        try {
            Files.createDirectories(dir);
            Path passwordFile = dir.resolve("password");
            if (!Files.exists(passwordFile)) {
                byte[] secret = new byte[16];
                new SecureRandom().nextBytes(secret);
                Files.writeString(passwordFile, HexFormat.of().formatHex(secret));
            }
            String password = Files.readString(passwordFile).strip();
            Path caStore = dir.resolve("ca.p12");
            if (!Files.exists(caStore)) {
                createAuthority(caStore, dir.resolve("truststore.p12"), password);
            }
            KeyStore ca = load(caStore, password);
            Map<String, Stores> stores = new LinkedHashMap<>();
            for (String registrar : registrars) {
                Path keyStore = dir.resolve(registrar + ".p12");
                if (!Files.exists(keyStore)) {
                    Instant now = Instant.now();
                    issue(registrar, ca, password, keyStore, now.minus(Duration.ofMinutes(5)), now.plus(VALIDITY));
                }
                stores.put(registrar, new Stores(keyStore, dir.resolve("truststore.p12"), password));
            }
            return stores;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot make peer certificates in " + dir, e);
        }
    }

    /**
     * For tests of the peer port: a certificate for {@code registrar}, signed by the authority of
     * {@code dir} (made by {@link #ensure} before), that expired yesterday.
     */
    public static Stores issueExpired(Path dir, String registrar) {
        try {
            String password = Files.readString(dir.resolve("password")).strip();
            Path keyStore = dir.resolve(registrar + "-expired.p12");
            Instant now = Instant.now();
            issue(registrar, load(dir.resolve("ca.p12"), password), password, keyStore,
                    now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)));
            return new Stores(keyStore, dir.resolve("truststore.p12"), password);
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue an expired certificate in " + dir, e);
        }
    }

    private static void createAuthority(Path caStore, Path trustStore, String password) throws Exception {
        KeyPair keys = keyPair();
        X500Name name = new X500Name("CN=numreg local registrars CA");
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = builder(name, name, keys, now.minus(Duration.ofMinutes(5)), now.plus(VALIDITY))
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        X509Certificate certificate = sign(builder, keys.getPrivate());
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(CA_ALIAS, keys.getPrivate(), password.toCharArray(), new Certificate[] {certificate});
        save(store, caStore, password);
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry(CA_ALIAS, certificate);
        save(trust, trustStore, password);
    }

    private static void issue(String registrar, KeyStore ca, String password, Path keyStore, Instant notBefore,
                              Instant notAfter) throws Exception {
        PrivateKey caKey = (PrivateKey) ca.getKey(CA_ALIAS, password.toCharArray());
        X509Certificate caCertificate = (X509Certificate) ca.getCertificate(CA_ALIAS);
        KeyPair keys = keyPair();
        X509v3CertificateBuilder builder = builder(new X500Name(caCertificate.getSubjectX500Principal().getName()),
                new X500Name("CN=" + registrar), keys, notBefore, notAfter)
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                .addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                        new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}))
                .addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
                        new GeneralName(GeneralName.dNSName, "localhost"),
                        new GeneralName(GeneralName.iPAddress, "127.0.0.1")}));
        X509Certificate certificate = sign(builder, caKey);
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry(registrar, keys.getPrivate(), password.toCharArray(),
                new Certificate[] {certificate, caCertificate});
        save(store, keyStore, password);
    }

    private static X509v3CertificateBuilder builder(X500Name issuer, X500Name subject, KeyPair keys,
                                                    Instant notBefore, Instant notAfter) {
        return new JcaX509v3CertificateBuilder(issuer, new BigInteger(64, new SecureRandom()),
                Date.from(notBefore), Date.from(notAfter), subject, keys.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) throws Exception {
        ContentSigner signer = new JcaContentSignerBuilder("SHA256withECDSA").build(key);
        return new JcaX509CertificateConverter().getCertificate(builder.build(signer));
    }

    private static KeyPair keyPair() throws GeneralSecurityException {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static KeyStore load(Path path, String password) throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }

    private static void save(KeyStore store, Path path, String password) throws IOException, GeneralSecurityException {
        try (OutputStream out = Files.newOutputStream(path)) {
            store.store(out, password.toCharArray());
        }
    }
}
