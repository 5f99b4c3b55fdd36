package org.numreg.allocation.rest;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.ForbiddenException;
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
import org.numreg.allocation.repository.BlockRepository;
import org.numreg.client.auth.Caller;
import org.numreg.client.consensus.ConsensusClient;
import org.numreg.client.feed.FeedProgress;
import org.numreg.client.pin.Pins;
import org.numreg.client.records.NumberFilter;
import org.numreg.client.records.RegistryRecords;
import org.numreg.client.records.StoredNumber;
import org.numreg.client.rest.Paging;
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
 * What an OCN's administrators do with the OCN's numbers: allocate (a given number, any free one
 * under a prefix, many at once, a thousands-block), change, set the consumer's PIN, release. A
 * write answers once committed, with the log position in Numreg-Position; send an
 * Idempotency-Key to retry safely.
 */
@Path("/v1")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
@RolesAllowed(Caller.OCN_ADMIN)
public class NumberResource {


    private final ConsensusClient consensus;
    private final RegistryRecords records;
    private final BlockRepository blocks;
    private final FeedProgress progress;
    private final Pins pins;
    private final Caller caller;

    NumberResource(ConsensusClient consensus, RegistryRecords records, BlockRepository blocks, FeedProgress progress,
                   Pins pins, Caller caller) {
        this.consensus = consensus;
        this.records = records;
        this.blocks = blocks;
        this.progress = progress;
        this.pins = pins;
        this.caller = caller;
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
        Command.AllocateNumber command = new Command.AllocateNumber(caller.commandId(key), request.ocn(),
                request.number(), request.prefix(), request.properties());
        caller.requireAdministers(command.ocn());
        Committed committed = consensus.submit(command, caller.principal());
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
        Command.AllocateNumbers command = new Command.AllocateNumbers(caller.commandId(key), request.ocn(),
                request.prefix(), request.count(), request.properties());
        caller.requireAdministers(command.ocn());
        Committed committed = consensus.submit(command, caller.principal());
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
        Command.AllocateBlock command = new Command.AllocateBlock(caller.commandId(key), request.ocn(), request.block());
        caller.requireAdministers(command.ocn());
        Committed committed = consensus.submit(command, caller.principal());
        return Written.created(committed, new BlockRecord(command.block(), command.ocn()));
    }

    @GET
    @Path("/blocks")
    @Operation(summary = "An OCN's thousands-blocks")
    public List<BlockRecord> blocks(@QueryParam("ocn") String ocn,
                                    @QueryParam("minPosition") @DefaultValue("0") long minPosition) {
        Ocn id = Ocn.of(required("ocn", ocn));
        caller.requireAdministers(id);
        progress.require(minPosition);
        return blocks.of(id);
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
        Ocn ocn = actingFor(e164, request.ocn(), minPosition);
        Committed committed = consensus.submit(new Command.UpdateNumber(caller.commandId(key), ocn, e164,
                request.properties(), request.expectedVersion()), caller.principal());
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
        Pins.checkForm("pin", request.pin());
        Ocn ocn = actingFor(e164, request.ocn(), minPosition);
        Committed committed = consensus.submit(new Command.SetPin(caller.commandId(key), ocn, e164,
                pins.hash(request.pin())), caller.principal());
        return Written.ok(committed, new PinSet(e164.value(), committed.events(Event.PinSet.class).getFirst().version()));
    }

    @DELETE
    @Path("/numbers/{number}")
    @Operation(summary = "Release a number", description = "It returns to the pool.")
    public Response release(@PathParam("number") String number, @QueryParam("ocn") String ocn,
                            @HeaderParam("Idempotency-Key") String key,
                            @QueryParam("minPosition") @DefaultValue("0") long minPosition) {
        E164 e164 = E164.of(number);
        Ocn holder = actingFor(e164, ocn == null ? null : Ocn.of(ocn), minPosition);
        Committed committed = consensus.submit(new Command.ReleaseNumber(caller.commandId(key), holder, e164), caller.principal());
        return Written.ok(committed, committed.events());
    }

    /** A page of numbers and where the next one starts (null at the end). */
    public record Page(List<Event.NumberView> items, String next) {
    }

    @GET
    @Path("/numbers")
    @Operation(summary = "An OCN's numbers", description = "In number order; page with 'after' (the previous"
            + " page's 'next').")
    public Page list(@QueryParam("ocn") String ocn, @QueryParam("after") String after,
                     @QueryParam("limit") @DefaultValue("100") int limit,
                     @QueryParam("minPosition") @DefaultValue("0") long minPosition) {
        Ocn id = Ocn.of(required("ocn", ocn));
        caller.requireAdministers(id);
        Paging.limit(limit);
        progress.require(minPosition);
        List<StoredNumber> found = records.search(NumberFilter.ofOcn(id), after == null ? null : E164.of(after).value(),
                limit);
        return new Page(found.stream().map(n -> Event.NumberView.of(n.record())).toList(),
                found.size() == limit ? found.getLast().record().number().value() : null);
    }

    /** The OCN the caller acts for on {@code number} (named, or its holder), which the caller must administer. */
    private Ocn actingFor(E164 number, Ocn named, long minPosition) {
        progress.require(minPosition);
        Ocn ocn = records.holderOf(number, named == null ? null : named.value());
        if (!caller.administers(ocn)) {
            throw new ForbiddenException("you do not administer OCN " + ocn + (named == null ? ", which holds " + number : ""));
        }
        return ocn;
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new InvalidValueException(field, field + " is required");
        }
        return value;
    }
}
