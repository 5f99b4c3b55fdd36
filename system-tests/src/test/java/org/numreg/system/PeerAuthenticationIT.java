package org.numreg.system;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.numreg.consensus.codec.MessageCodec;
import org.numreg.devinfra.PeerCertificates;
import org.numreg.paxos.Message;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The peer port (mutual TLS) of a real consensus-service refuses whom it should: a certificate
 * of another authority or an expired one fails the handshake; a valid certificate whose CN is no
 * member, or a member sending messages in another node's name, gets 403 — and a member is let in.
 */
class PeerAuthenticationIT {

    static ConsensusCluster cluster;
    static URI peerPort;

    @BeforeAll
    static void startOneRegistrar() throws Exception {
        cluster = new ConsensusCluster(List.of("r1"));
        peerPort = URI.create(cluster.peerUrl("r1"));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void aMemberIsLetIn() throws Exception {
        // Authenticated and a member: the hash of a position not applied yet is simply not found.
        assertThat(askHash(member("r1")).statusCode()).isEqualTo(404);
    }

    @Test
    void aCertificateOfAnotherAuthorityFailsTheHandshake() throws Exception {
        Path elsewhere = Files.createTempDirectory(Path.of("target"), "other-ca-");
        PeerCertificates.Stores foreign = PeerCertificates.ensure(elsewhere, List.of("r1")).get("r1");
        // It trusts the registry's authority (so it would accept the server), but is not trusted by it.
        PeerCertificates.Stores registry = member("r1");
        PeerCertificates.Stores impostor = new PeerCertificates.Stores(foreign.keyStore(), registry.trustStore(),
                foreign.password());
        assertThatThrownBy(() -> askHash(impostor, registry.password())).isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(isTls(e)).as("a TLS failure: " + e).isTrue());
    }

    @Test
    void anExpiredCertificateFailsTheHandshake() {
        PeerCertificates.Stores expired = PeerCertificates.issueExpired(cluster.certificates(), "r1");
        assertThatThrownBy(() -> askHash(expired)).isInstanceOf(IOException.class)
                .satisfies(e -> assertThat(isTls(e)).as("a TLS failure: " + e).isTrue());
    }

    @Test
    void aValidCertificateOfNoMemberIsForbidden() throws Exception {
        PeerCertificates.Stores stranger = PeerCertificates.ensure(cluster.certificates(), List.of("r9")).get("r9");
        HttpResponse<String> answer = askHash(stranger);
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).contains("r9 is not in the configuration");
        assertThat(send(stranger, new Message.LearnRequest(9, 1, 1)).statusCode()).isEqualTo(403);
    }

    @Test
    void aMemberSendingInAnotherNodesNameIsForbidden() throws Exception {
        HttpResponse<String> answer = send(member("r1"), new Message.LearnRequest(2, 1, 1));
        assertThat(answer.statusCode()).isEqualTo(403);
        assertThat(answer.body()).contains("in another node's name");
    }

    private static PeerCertificates.Stores member(String id) {
        return PeerCertificates.ensure(cluster.certificates(), List.of(id)).get(id);
    }

    private static HttpResponse<String> askHash(PeerCertificates.Stores identity) throws Exception {
        return askHash(identity, identity.password());
    }

    private static HttpResponse<String> askHash(PeerCertificates.Stores identity, String trustPassword) throws Exception {
        return client(identity, trustPassword).send(HttpRequest.newBuilder(peerPort.resolve("/peer/v1/hash?position=999999"))
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> send(PeerCertificates.Stores identity, Message message) throws Exception {
        return client(identity, identity.password()).send(HttpRequest.newBuilder(peerPort.resolve("/peer/v1/messages"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(MessageCodec.encodeMessages(List.of(message)))).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A client that presents {@code identity}'s certificate and trusts its trust store. */
    private static HttpClient client(PeerCertificates.Stores identity, String trustPassword) throws Exception {
        KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        keys.init(load(identity.keyStore(), identity.password()), identity.password().toCharArray());
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(load(identity.trustStore(), trustPassword));
        SSLContext tls = SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), trust.getTrustManagers(), null);
        return HttpClient.newBuilder().sslContext(tls).version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    private static KeyStore load(Path path, String password) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(path)) {
            store.load(in, password.toCharArray());
        }
        return store;
    }

    /** Whether the failure is the TLS layer's (an alert, a closed handshake), not a refused connection. */
    private static boolean isTls(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SSLException || String.valueOf(t.getMessage()).contains("closed")) {
                return true;
            }
        }
        return false;
    }
}
