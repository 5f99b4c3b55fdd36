package org.numreg.consensus.transport;

import io.smallrye.common.annotation.NonBlocking;
import io.vertx.core.http.HttpServerRequest;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.BadRequestException;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.StreamingOutput;
import io.agroal.api.AgroalDataSource;
import org.jboss.logging.Logger;
import org.numreg.consensus.log.LogHead;
import org.numreg.consensus.log.StateSnapshot;
import org.numreg.consensus.messaging.ChangesPublisher;
import org.numreg.consensus.messaging.ChangesTopic;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.numreg.consensus.codec.MessageCodec;
import org.numreg.paxos.Message;

import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.io.IOException;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;

import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * Where peer registrars' consensus-services send Paxos messages (batches in {@link MessageCodec}).
 * Only over the peer port's mutual TLS: the client certificate (signed by the trusted authority,
 * checked in the handshake) names the registrar, which must be a member of the current
 * configuration and the sender of every message in the batch.
 */
@Path("/")
public class PeerResource {

    private static final Logger LOG = Logger.getLogger(PeerResource.class);
    private static final Duration SNAPSHOT_PUBLISH_WAIT = Duration.ofMinutes(1);

    private final PeerInbox consensus;
    private final AgroalDataSource db;
    private final ChangesPublisher publisher;
    private final ChangesTopic topic;

    PeerResource(PeerInbox consensus, AgroalDataSource db, ChangesPublisher publisher, ChangesTopic topic) {
        this.consensus = consensus;
        this.db = db;
        this.publisher = publisher;
        this.topic = topic;
    }

    @POST
    @Path(PeerNetwork.PATH)
    @PermitAll // authenticated by the client certificate below, not by a token
    @Consumes(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "Paxos messages from a peer registrar (binary, mutual TLS only)")
    @NonBlocking // it only decodes and queues: no hop to a worker thread for each batch
    public void receive(byte[] batch, @Context HttpServerRequest request) {
        int node = memberNode(request);
        List<Message> messages;
        try {
            messages = MessageCodec.decodeMessages(batch);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("not a batch of Paxos messages: " + e.getMessage());
        }
        if (messages.stream().anyMatch(m -> m.from() != node)) {
            throw new ForbiddenException("registrar " + peerRegistrar(request) + " sent messages in another node's name");
        }
        consensus.deliver(messages);
    }

    /**
     * This registrar's state for a peer that is behind the compacted log: see {@link StateSnapshot}.
     * {@code after} is the peer's last applied position; the events after it come along.
     */
    @GET
    @Path(PeerNetwork.SNAPSHOT_PATH)
    @PermitAll // authenticated by the client certificate below, not by a token
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    @Operation(summary = "This registrar's state and the events after a position, for a peer (mutual TLS only)")
    public StreamingOutput snapshot(@QueryParam("after") @DefaultValue("0") long after,
                                    @Context HttpServerRequest request) {
        int peer = memberNode(request);
        if (after < 0 || after > consensus.appliedPosition()) {
            throw new BadRequestException("after must be a position this registrar has applied");
        }
        // Named now: once the stream is being written, the request may no longer show its TLS session.
        String peerName = peerRegistrar(request);
        return out -> {
            try (Connection connection = db.getConnection()) {
                LogHead head = StateSnapshot.write(connection, after, slot -> {
                    consensus.holdLog(peer, slot);
                    return consensus.membershipAfter(slot);
                }, position -> publisher.awaitPublished(position, SNAPSHOT_PUBLISH_WAIT), topic, out);
                consensus.holdLog(peer, head.slot()); // again: the peer has yet to confirm and commit it
                LOG.infof("sent %s a snapshot at position %d with the events after %d", peerName,
                        head.position(), after);
            } catch (IOException e) {
                throw e;
            } catch (Exception e) {
                LOG.warnf(e, "could not send %s a snapshot", peerName);
                throw new IOException(e);
            }
        };
    }

    /**
     * The hash chain after a position, as this registrar's topic holds it: a registrar about to
     * install another peer's snapshot asks a quorum to confirm it.
     */
    @GET
    @Path(PeerNetwork.HASH_PATH)
    @PermitAll // authenticated by the client certificate below, not by a token
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "The log's hash after a position (mutual TLS only)")
    public String hash(@QueryParam("position") long position, @Context HttpServerRequest request) throws Exception {
        memberNode(request);
        if (position < 1 || position > consensus.appliedPosition()) {
            throw new jakarta.ws.rs.NotFoundException("position " + position + " is not applied here");
        }
        publisher.awaitPublished(position, SNAPSHOT_PUBLISH_WAIT);
        return topic.hashAt(position);
    }

    /** The node of the registrar that the client certificate names, if it is in the configuration. */
    private int memberNode(HttpServerRequest request) {
        String registrar = peerRegistrar(request);
        return consensus.memberNode(registrar)
                .orElseThrow(() -> new ForbiddenException("registrar " + registrar + " is not in the configuration"));
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
