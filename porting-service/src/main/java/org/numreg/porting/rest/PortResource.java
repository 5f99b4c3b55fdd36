package org.numreg.porting.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.numreg.client.auth.Caller;
import org.numreg.client.rest.Written;
import org.numreg.porting.repository.PortRepository;
import org.numreg.porting.service.PortService;
import org.numreg.porting.service.PortService.PortStatus;
import org.numreg.registry.codec.Committed;
import org.numreg.registry.codec.RegistryJson;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.InvalidValueException;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.event.Event;
import org.numreg.support.rest.Problem;

import java.util.List;

/** The HTTP face of {@link PortService}: port, cancel, protect, and a number's or an OCN's ports. */
@Path("/v1")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class PortResource {

    private final PortService ports;

    PortResource(PortService ports) {
        this.ports = ports;
    }

    /** A port request: the number, the OCN it moves to, the consumer's PIN; a due time to schedule it. */
    public record PortRequest(E164 number, Ocn gainingOcn, String pin, java.time.Instant dueAt) {
    }

    public record Protection(boolean protect) {
    }

    @POST
    @Path("/ports")
    @RolesAllowed(Caller.OCN_ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Port a number to the gaining OCN", description = "The caller administers the gaining OCN"
            + " and presents the consumer's PIN. A wrong PIN is a 403 and counts; after 5 (configurable) the number"
            + " is locked against ports until its OCN sets the PIN again, at every registrar. With dueAt the port"
            + " is scheduled (the PIN checked now) and completes then, unless either OCN cancels it before.")
    @RequestBody(content = @Content(schema = @Schema(implementation = PortRequest.class), examples = {
            @ExampleObject(name = "now", value = "{\"number\":\"+12125550100\",\"gainingOcn\":\"0042\","
                    + "\"pin\":\"482913\"}"),
            @ExampleObject(name = "scheduled", value = "{\"number\":\"+12125550100\",\"gainingOcn\":\"0042\","
                    + "\"pin\":\"482913\",\"dueAt\":\"2026-12-01T06:00:00Z\"}")}))
    @APIResponse(responseCode = "201", description = "ported; Numreg-Position the log position")
    @APIResponse(responseCode = "202", description = "scheduled for dueAt")
    @APIResponse(responseCode = "403", description = "wrong PIN, or the caller does not administer the gaining OCN")
    @APIResponse(responseCode = "409", description = "the record changed while the PIN was checked: retry")
    @APIResponse(responseCode = "422", description = "locked against ports, PIN not set, already held")
    @APIResponse(responseCode = "429", description = "too many PIN checks of late, or the number takes no PIN for"
            + " ports for a while after wrong ones: Retry-After says when to try again")
    public Response port(byte[] body, @HeaderParam("Idempotency-Key") String key,
                         @QueryParam("minPosition") @DefaultValue("0") long minPosition) {
        PortRequest request = RegistryJson.read(body, PortRequest.class);
        if (request.number() == null || request.gainingOcn() == null) {
            throw new InvalidValueException(request.number() == null ? "number" : "gainingOcn", "number and gainingOcn are required");
        }
        Committed committed = ports.port(request.number(), request.gainingOcn(), request.pin(), request.dueAt(), key,
                minPosition);
        if (request.dueAt() != null) {
            Event.PortScheduled port = committed.events(Event.PortScheduled.class).getFirst();
            return Written.status(Response.Status.ACCEPTED, committed, new PortRepository.Port(port.portId(),
                    port.number().value(), port.losingOcn().value(), port.gainingOcn().value(), "scheduled",
                    port.dueAt(), committed.position(), committed.commitTime(), null, null, committed.registrar(), null));
        }
        Event.PortCompleted port = committed.events(Event.PortCompleted.class).getFirst();
        return Written.created(committed, new PortRepository.Port(port.portId(), port.number().value(),
                port.losingOcn().value(), port.gainingOcn().value(), "completed", null, committed.position(),
                committed.commitTime(), committed.position(), committed.commitTime(), committed.registrar(), null));
    }

    @DELETE
    @Path("/numbers/{number}/scheduled-port")
    @RolesAllowed(Caller.OCN_ADMIN)
    @Operation(summary = "Cancel a number's scheduled port", description = "For the admins of the losing or the"
            + " gaining OCN, before it is due.")
    public Response cancel(@PathParam("number") String number, @HeaderParam("Idempotency-Key") String key,
                           @QueryParam("minPosition") @DefaultValue("0") long minPosition) {
        Committed committed = ports.cancel(E164.of(number), key, minPosition);
        return Written.ok(committed, committed.events(Event.PortCancelled.class).getFirst());
    }

    @PUT
    @Path("/numbers/{number}/port-protection")
    @RolesAllowed(Caller.OCN_ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Lock (or unlock) a number against ports", description = "For the holding OCN's admins.")
    @RequestBody(content = @Content(schema = @Schema(implementation = Protection.class),
            examples = @ExampleObject(name = "lock", value = "{\"protect\":true}")))
    public Response protect(@PathParam("number") String number, byte[] body, @HeaderParam("Idempotency-Key") String key,
                            @QueryParam("minPosition") @DefaultValue("0") long minPosition) {
        E164 e164 = E164.of(number);
        Protection request = RegistryJson.read(body, Protection.class);
        Committed committed = ports.protect(e164, request.protect(), key, minPosition);
        return Written.ok(committed, committed.events(Event.PortProtectionSet.class).getFirst());
    }

    @GET
    @Path("/ports")
    @RolesAllowed({Caller.OCN_ADMIN, Caller.SYSTEM_ADMIN})
    @Operation(summary = "Ports from or to an OCN", description = "Newest first; the losing OCN sees its numbers"
            + " leave here. Page with 'beforePosition' (the last item's position).")
    public List<PortRepository.Port> ofOcn(@QueryParam("ocn") String ocn,
                                           @QueryParam("beforePosition") @DefaultValue("9223372036854775807") long before,
                                           @QueryParam("limit") @DefaultValue("100") int limit,
                                           @QueryParam("minPosition") @DefaultValue("0") long minPosition) {
        if (ocn == null) {
            throw new InvalidValueException("ocn", "ocn is required");
        }
        return ports.ofOcn(Ocn.of(ocn), before, limit, minPosition);
    }

    @GET
    @Path("/numbers/{number}/ports")
    @RolesAllowed({Caller.OCN_ADMIN, Caller.SYSTEM_ADMIN})
    @Operation(summary = "A number's port status and history", description = "For its OCN's admins and system admins.")
    public PortStatus status(@PathParam("number") String number,
                             @QueryParam("minPosition") @DefaultValue("0") long minPosition) {
        return ports.status(E164.of(number), minPosition);
    }
}
