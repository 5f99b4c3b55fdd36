package org.numreg.consensus.transport;

import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.numreg.consensus.engine.ConsensusEngine;
import org.numreg.paxos.Message;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Where peer registrars' consensus-services send Paxos messages (batches in {@link WireFormat}).
 * Only over the peer port's mutual TLS: the client certificate (signed by the trusted authority,
 * checked in the handshake) names the registrar, which must be a member of the current
 * configuration and the sender of every message in the batch.
 */
@Path(PeerNetwork.PATH)
public class PeerResource {

    private final ConsensusEngine engine;

    PeerResource(ConsensusEngine engine) {
        this.engine = engine;
    }

    @POST
    @PermitAll // authenticated by the client certificate below, not by a token
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Paxos messages from a peer registrar (binary, mutual TLS only)")
    public void receive(byte[] batch, @Context HttpServerRequest request) {
        String registrar = peerRegistrar(request);
        List<Message> messages;
        try {
            messages = WireFormat.decodeMessages(batch);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("not a batch of Paxos messages: " + e.getMessage());
        }
        int node = engine.memberNode(registrar)
                .orElseThrow(() -> new ForbiddenException("registrar " + registrar + " is not in the configuration"));
        if (messages.stream().anyMatch(m -> m.from() != node)) {
            throw new ForbiddenException("registrar " + registrar + " sent messages in another node's name");
        }
        engine.deliver(messages);
    }

    /** The registrar named (CN) by the verified client certificate. */
    private static String peerRegistrar(HttpServerRequest request) {
        if (!request.isSSL()) {
            throw new NotAuthorizedException("peers connect with mutual TLS", "TLS client certificate");
        }
        try {
            Certificate[] chain = request.sslSession().getPeerCertificates();
            String subject = ((X509Certificate) chain[0]).getSubjectX500Principal().getName();
            return new LdapName(subject).getRdns().stream().filter(r -> r.getType().equalsIgnoreCase("CN"))
                    .map(r -> r.getValue().toString()).findFirst()
                    .orElseThrow(() -> new ForbiddenException("the peer certificate names no registrar (CN)"));
        } catch (SSLPeerUnverifiedException e) {
            throw new NotAuthorizedException("no client certificate", "TLS client certificate");
        } catch (InvalidNameException e) {
            throw new ForbiddenException("unreadable peer certificate subject");
        }
    }
}
