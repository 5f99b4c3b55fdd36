package org.numreg.consensus.rest;

import io.quarkus.security.Authenticated;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.numreg.consensus.engine.ConsensusEngine;
import org.numreg.consensus.engine.Status;
import org.numreg.consensus.messaging.ChangesPublisher;
import org.numreg.paxos.Node;

import java.time.Instant;
import java.util.SortedSet;

/** Where this registrar's log stands. */
@Path("/v1/log")
public class LogResource {

    private final ConsensusEngine engine;
    private final ChangesPublisher publisher;

    LogResource(ConsensusEngine engine, ChangesPublisher publisher) {
        this.engine = engine;
        this.publisher = publisher;
    }

    /** @param hash the hash chain after {@code position}: registrars agreeing on it hold the same history */
    public record Head(long position, String hash, Instant commitTime, long slot, long publishedPosition,
                       Node.Role role, int leader, long ballotRound, SortedSet<Integer> voters,
                       SortedSet<Integer> learners) {
    }

    @GET
    @Path("/head")
    @Authenticated
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The last applied position, its hash and commit time, the leader and the configuration")
    public Head head() {
        Status s = engine.status();
        return new Head(s.position(), s.hash(), s.commitTime(), s.appliedSlot(), publisher.publishedPosition(),
                s.role(), s.leader(), s.ballotRound(), s.members() == null ? null : s.members().voters(),
                s.members() == null ? null : s.members().learners());
    }
}
