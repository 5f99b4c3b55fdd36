package org.numreg.porting.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
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
import org.numreg.client.consensus.CommandRefused;
import org.numreg.client.consensus.ConsensusClient;
import org.numreg.client.feed.FeedProgress;
import org.numreg.client.pin.PinGuard;
import org.numreg.client.pin.Pins;
import org.numreg.client.records.RegistryRecords;
import org.numreg.client.records.StoredNumber;
import org.numreg.client.rest.Paging;
import org.numreg.client.rest.Written;
import org.numreg.porting.repository.PortRepository;
import org.numreg.registry.codec.Committed;
import org.numreg.registry.codec.RegistryJson;
import org.numreg.registry.command.Command;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.InvalidValueException;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.PinChannel;
import org.numreg.registry.domain.PinFailures;
import org.numreg.registry.event.Event;
import org.numreg.registry.event.Rejection;
import org.numreg.support.rest.Problem;

import java.util.List;

/**
 * Ports: the gaining OCN's admin moves a number to the gaining OCN by presenting the consumer's
 * PIN; the holding OCN's admin can lock a number against ports. The PIN is checked here against
 * the hash in the read model and goes no further; a wrong one is committed as a failure.
 */
@Path("/v1")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class PortResource {


    private final ConsensusClient consensus;
    private final RegistryRecords records;
    private final PortRepository ports;
    private final PinGuard pinGuard;
    private final FeedProgress progress;
    private final Caller caller;

    PortResource(ConsensusClient consensus, RegistryRecords records, PortRepository ports, PinGuard pinGuard,
                 FeedProgress progress, Caller caller) {
        this.consensus = consensus;
        this.records = records;
        this.ports = ports;
        this.pinGuard = pinGuard;
        this.progress = progress;
        this.caller = caller;
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
        Pins.checkForm("pin", request.pin());
        caller.requireAdministers(request.gainingOcn());
        progress.require(minPosition);
        boolean scheduled = request.dueAt() != null;
        Committed committed = null;
        for (int attempt = 1; committed == null; attempt++) {
            StoredNumber checked = pinGuard.check(request.number(), request.pin(), PinChannel.PORT, caller);
            String id = caller.commandId(key) + (attempt > 1 ? ":" + attempt : "");
            long version = checked.record().version();
            try {
                committed = consensus.submit(scheduled
                        ? new Command.SchedulePort(id, request.number(), request.gainingOcn(), version, request.dueAt())
                        : new Command.PortNumber(id, request.number(), request.gainingOcn(), version), caller.principal());
            } catch (CommandRefused refused) {
                // The record moved after the PIN was checked: check again against the newer record.
                if (refused.reason() != Rejection.VERSION_MOVED || attempt == 3) {
                    throw refused;
                }
                progress.require(refused.position());
            }
        }
        if (scheduled) {
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
        E164 e164 = E164.of(number);
        progress.require(minPosition);
        PortRepository.Port port = ports.ofNumber(e164).stream().filter(p -> p.status().equals("scheduled"))
                .findFirst().orElseThrow(() -> new NotFoundException(e164 + " has no scheduled port"));
        Ocn ocn = caller.administers(Ocn.of(port.gainingOcn())) ? Ocn.of(port.gainingOcn()) : Ocn.of(port.losingOcn());
        caller.requireAdministers(ocn);
        Committed committed = consensus.submit(new Command.CancelPort(caller.commandId(key), e164, ocn), caller.principal());
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
        progress.require(minPosition);
        Ocn holder = records.holderOf(e164, null);
        caller.requireAdministers(holder);
        Committed committed = consensus.submit(new Command.SetPortProtection(caller.commandId(key), holder, e164,
                request.protect()), caller.principal());
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
        Ocn id = Ocn.of(ocn);
        if (!caller.isSystemAdmin()) {
            caller.requireAdministers(id);
        }
        Paging.limit(limit);
        progress.require(minPosition);
        return ports.ofOcn(id, before, limit);
    }

    /** Where a number stands for porting (wrong PINs presented to port it included), and its ports so far. */
    public record PortStatus(String number, String ocn, boolean portProtected, boolean pinSet,
                             PinFailures portPinFailures, List<PortRepository.Port> ports) {
    }

    @GET
    @Path("/numbers/{number}/ports")
    @RolesAllowed({Caller.OCN_ADMIN, Caller.SYSTEM_ADMIN})
    @Operation(summary = "A number's port status and history", description = "For its OCN's admins and system admins.")
    public PortStatus status(@PathParam("number") String number,
                             @QueryParam("minPosition") @DefaultValue("0") long minPosition) {
        E164 e164 = E164.of(number);
        progress.require(minPosition);
        StoredNumber stored = records.find(e164).orElseThrow(() -> new NotFoundException(e164 + " is not allocated"));
        if (!caller.maySeeAllOf(stored.record().ocn())) {
            throw new ForbiddenException("a number's port status is for its OCN's administrators and system admins");
        }
        var r = stored.record();
        return new PortStatus(e164.value(), r.ocn().value(), r.portProtected(), r.pinHash() != null,
                r.portPinFailures(), ports.ofNumber(e164));
    }
}
