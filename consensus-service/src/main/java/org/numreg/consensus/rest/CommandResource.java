package org.numreg.consensus.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.numreg.consensus.config.ConsensusConfig;
import org.numreg.consensus.engine.ConsensusEngine;
import org.numreg.registry.codec.Committed;
import org.numreg.registry.codec.RegistryJson;
import org.numreg.support.tracing.TraceContext;
import org.numreg.registry.command.Command;
import org.numreg.registry.codec.PrincipalHeaders;
import org.numreg.registry.domain.Principal;
import org.numreg.registry.event.Applied;
import org.numreg.registry.event.Outcome;
import org.numreg.support.rest.Problem;
import org.numreg.support.rest.ProblemMappers;
import org.numreg.support.rest.Rejections;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The local submit API: the registrar's own services (role registrar) hand commands to the log
 * here, naming who asked them for each (headers {@code Numreg-Principal}, {@code Numreg-Principal-Id}). The answer comes once the command is committed, applied on this registrar and its events
 * are on this registrar's changes topic.
 */
@Path(CommandResource.PATH)
public class CommandResource {

    static final String PATH = "/v1/commands";

    public static final String POSITION_HEADER = Rejections.POSITION_HEADER;
    /** What the other services allow a request body; the peer port needs more (application.properties). */
    static final int MAX_COMMAND_BYTES = 64 * 1024;

    private final ConsensusEngine engine;
    private final ConsensusConfig config;
    private final JsonWebToken token;

    CommandResource(ConsensusEngine engine, ConsensusConfig config, JsonWebToken token) {
        this.engine = engine;
        this.config = config;
        this.token = token;
    }

    @POST
    @RolesAllowed("registrar")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(summary = "Commit a registry command",
            description = "Answers after the command is committed, applied here and its events are on this "
                    + "registrar's changes topic. Idempotent by command id: "
                    + "the same id answers with the first outcome.")
    @APIResponse(responseCode = "200", description = "applied; the log position is in Numreg-Position")
    @APIResponse(responseCode = "403", description = "the token is not of this registrar's own services")
    @APIResponse(responseCode = "409", description = "rejected: another command got there first")
    @APIResponse(responseCode = "413", description = "the command is larger than 64 KB")
    @APIResponse(responseCode = "422", description = "rejected: a registry rule forbids it")
    @APIResponse(responseCode = "503", description = "busy or not committed in time: retry with the same id")
    public CompletionStage<Response> submit(byte[] body,
                                            @HeaderParam(PrincipalHeaders.NAME) String principalName,
                                            @HeaderParam(PrincipalHeaders.ID) String principalId) {
        String client = token.getClaim(Claims.azp);
        if (!config.submitters().contains(client)) {
            throw new ForbiddenException("only this registrar's own services submit here, not client " + client);
        }
        // Who asked this registrar's service for it; a service acting on its own names itself.
        Principal principal = principalName == null ? new Principal(token.getSubject(), client)
                : PrincipalHeaders.read(principalName, principalId);
        if (body.length > MAX_COMMAND_BYTES) {
            return CompletableFuture.completedFuture(ProblemMappers.problem(413, "Content Too Large",
                    "a command is at most " + MAX_COMMAND_BYTES + " bytes, this one " + body.length, PATH).build());
        }
        Command command = RegistryJson.readCommand(body);
        try {
            return engine.submit(command, principal, TraceContext.current())
                    .orTimeout(config.submitTimeout().toMillis(), TimeUnit.MILLISECONDS)
                    .handle((applied, failure) -> failure == null ? answer(applied) : unavailable(failure));
        } catch (ConsensusEngine.Busy busy) {
            return CompletableFuture.completedFuture(ProblemMappers.unavailable(busy.getMessage(), PATH));
        }
    }

    /** An applied command: its outcome (a repeat answers as the first time did). */
    static Response answer(Applied applied) {
        Outcome outcome = applied.outcome();
        long position = applied.position();
        if (outcome instanceof Outcome.Repeated repeated) {
            outcome = repeated.first();
            position = repeated.firstPosition();
        }
        if (outcome instanceof Outcome.Rejected rejected) {
            return Rejections.answer(rejected.reason(), rejected.detail(), PATH, position,
                    Map.of("commandId", applied.commandId()));
        }
        return Response.ok(new Committed(position, applied.commitTime(), applied.registrar(), applied.commandId(),
                        ((Outcome.Accepted) outcome).events()))
                .type(MediaType.APPLICATION_JSON).header(POSITION_HEADER, position).build();
    }

    private static Response unavailable(Throwable failure) {
        Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
        return ProblemMappers.unavailable(cause instanceof TimeoutException
                ? "not committed in time; it may still be: retry with the same command id"
                : "not committed: " + cause, PATH);
    }
}
