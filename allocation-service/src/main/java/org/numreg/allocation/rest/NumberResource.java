package org.numreg.allocation.rest;

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
import org.numreg.allocation.service.NumberService;
import org.numreg.client.rest.Page;
import org.numreg.client.auth.Caller;
import org.numreg.client.rest.Written;
import org.numreg.registry.codec.Committed;
import org.numreg.registry.codec.RegistryJson;
import org.numreg.registry.command.Command;
import org.numreg.registry.domain.BlockRecord;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.InvalidValueException;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.event.Event;
import org.numreg.support.rest.Problem;

import java.util.List;

/**
 * The HTTP face of {@link NumberService}: allocate (a given number, any free one under a prefix,
 * many at once, a thousands-block), change, set the consumer's PIN, release. A write answers once
 * committed, with the log position in Numreg-Position; send an Idempotency-Key to retry safely.
 */
@Path("/v1")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@RolesAllowed(Caller.OCN_ADMIN)
public class NumberResource {

    private final NumberService numbers;

    NumberResource(NumberService numbers) {
        this.numbers = numbers;
    }

    @POST
    @Path("/numbers")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Allocate a number", description = "A given number, or the lowest free number under a"
            + " prefix (area code, exchange, any longer prefix).")
    @RequestBody(content = @Content(schema = @Schema(implementation = Requests.Allocate.class), examples = {
            @ExampleObject(name = "given number", value = "{\"ocn\":\"1510\",\"number\":\"+12125550100\","
                    + "\"properties\":{\"cnam\":\"LAKESIDE\",\"type\":\"MOBILE\"}}"),
            @ExampleObject(name = "any free number", value = "{\"ocn\":\"0042\",\"prefix\":\"+1212555\"}")}))
    @APIResponse(responseCode = "201", description = "allocated: the record; Numreg-Position the log position")
    @APIResponse(responseCode = "409", description = "taken by another allocation (reason NUMBER_TAKEN, …)")
    @APIResponse(responseCode = "422", description = "a rule forbids it (e.g. RANGE_NOT_OPEN)")
    @APIResponse(responseCode = "403", description = "the caller does not administer the OCN")
    public Response allocate(byte[] body, @HeaderParam("Idempotency-Key") String key) {
        Requests.Allocate request = RegistryJson.read(body, Requests.Allocate.class);
        Committed committed = numbers.allocate(request.ocn(), request.number(), request.prefix(), request.properties(),
                key);
        return Written.created(committed, committed.events(Event.NumberAllocated.class).getFirst().number());
    }

    /** Numbers allocated at once. */
    public record Allocated(List<Event.NumberView> numbers) {
    }

    @POST
    @Path("/numbers/bulk")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Allocate many numbers", description = "The count lowest free numbers under the prefix,"
            + " all or none (at most " + Command.AllocateNumbers.MAX + ").")
    @RequestBody(content = @Content(schema = @Schema(implementation = Requests.AllocateMany.class),
            examples = @ExampleObject(name = "hundred", value = "{\"ocn\":\"1510\",\"prefix\":\"+1212555\",\"count\":100}")))
    public Response allocateMany(byte[] body, @HeaderParam("Idempotency-Key") String key) {
        Requests.AllocateMany request = RegistryJson.read(body, Requests.AllocateMany.class);
        Committed committed = numbers.allocateMany(request.ocn(), request.prefix(), request.count(),
                request.properties(), key);
        return Written.created(committed, new Allocated(committed.events(Event.NumberAllocated.class).stream()
                .map(Event.NumberAllocated::number).toList()));
    }

    @POST
    @Path("/blocks")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Allocate a thousands-block", description = "A whole free NPA-NXX-X block, e.g. 212-555-3.")
    @RequestBody(content = @Content(schema = @Schema(implementation = Requests.AllocateBlock.class),
            examples = @ExampleObject(name = "block", value = "{\"ocn\":\"1510\",\"block\":\"212-555-3\"}")))
    public Response allocateBlock(byte[] body, @HeaderParam("Idempotency-Key") String key) {
        Requests.AllocateBlock request = RegistryJson.read(body, Requests.AllocateBlock.class);
        Committed committed = numbers.allocateBlock(request.ocn(), request.block(), key);
        Event.BlockAllocated allocated = committed.events(Event.BlockAllocated.class).getFirst();
        return Written.created(committed, new BlockRecord(allocated.block(), allocated.ocn()));
    }

    @GET
    @Path("/blocks")
    @Operation(summary = "An OCN's thousands-blocks")
    public List<BlockRecord> blocks(@QueryParam("ocn") String ocn,
                                    @QueryParam("minPosition") @DefaultValue("0") long minPosition) {
        return numbers.blocks(Ocn.of(required("ocn", ocn)), minPosition);
    }

    @PUT
    @Path("/numbers/{number}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a number's properties", description = "Replaces them all; with expectedVersion it"
            + " fails (409 VERSION_MOVED) if the record changed since that version.")
    @RequestBody(content = @Content(schema = @Schema(implementation = Requests.Update.class),
            examples = @ExampleObject(name = "routing", value = "{\"properties\":{\"cnam\":\"LAKESIDE\","
                    + "\"routing\":{\"sipUri\":\"sip:+12125550100@sbc.lakeside.example\"}},\"expectedVersion\":1}")))
    public Response update(@PathParam("number") String number, byte[] body, @HeaderParam("Idempotency-Key") String key,
                           @QueryParam("minPosition") @DefaultValue("0") long minPosition) {
        E164 e164 = E164.of(number);
        Requests.Update request = RegistryJson.read(body, Requests.Update.class);
        Committed committed = numbers.update(e164, request.ocn(), request.properties(), request.expectedVersion(), key,
                minPosition);
        return Written.ok(committed, committed.events(Event.NumberUpdated.class).getFirst().number());
    }

    /** The PIN was set: the record's new version. */
    public record PinSet(String number, long version) {
    }

    @PUT
    @Path("/numbers/{number}/pin")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set or reset the consumer's PIN", description = "6 to 12 digits. Only a salted bcrypt hash"
            + " is committed; setting it clears wrong-PIN failures and the lock they caused.")
    @RequestBody(content = @Content(schema = @Schema(implementation = Requests.SetPin.class),
            examples = @ExampleObject(name = "pin", value = "{\"pin\":\"482913\"}")))
    public Response setPin(@PathParam("number") String number, byte[] body, @HeaderParam("Idempotency-Key") String key,
                           @QueryParam("minPosition") @DefaultValue("0") long minPosition) {
        E164 e164 = E164.of(number);
        Requests.SetPin request = RegistryJson.read(body, Requests.SetPin.class);
        Committed committed = numbers.setPin(e164, request.ocn(), request.pin(), key, minPosition);
        return Written.ok(committed, new PinSet(e164.value(), committed.events(Event.PinSet.class).getFirst().version()));
    }

    @DELETE
    @Path("/numbers/{number}")
    @Operation(summary = "Release a number", description = "It returns to the pool.")
    public Response release(@PathParam("number") String number, @QueryParam("ocn") String ocn,
                            @HeaderParam("Idempotency-Key") String key,
                            @QueryParam("minPosition") @DefaultValue("0") long minPosition) {
        Committed committed = numbers.release(E164.of(number), ocn == null ? null : Ocn.of(ocn), key, minPosition);
        return Written.ok(committed, committed.events());
    }

    @GET
    @Path("/numbers")
    @Operation(summary = "An OCN's numbers", description = "In number order; page with 'after' (the previous"
            + " page's 'next').")
    public Page<Event.NumberView> list(@QueryParam("ocn") String ocn, @QueryParam("after") String after,
                                       @QueryParam("limit") @DefaultValue("100") int limit,
                                       @QueryParam("minPosition") @DefaultValue("0") long minPosition) {
        return numbers.numbers(Ocn.of(required("ocn", ocn)), after == null ? null : E164.of(after), limit, minPosition);
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException(field, field + " is required");
        }
        return value;
    }
}
