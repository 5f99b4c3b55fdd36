package org.numreg.allocation.rest;

import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.numreg.allocation.service.PoolService;
import org.numreg.allocation.service.PoolService.RangeView;
import org.numreg.client.auth.Caller;
import org.numreg.client.rest.Written;
import org.numreg.registry.codec.Committed;
import org.numreg.registry.codec.RegistryJson;
import org.numreg.registry.domain.NumberRange;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.OcnRecord;
import org.numreg.registry.domain.Prefix;
import org.numreg.registry.event.Event;
import org.numreg.support.rest.Problem;

import java.util.List;

/** The HTTP face of {@link PoolService}: the ranges open for allocation and the OCNs (carriers). */
@Path("/v1")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class PoolResource {

    private final PoolService pool;

    PoolResource(PoolService pool) {
        this.pool = pool;
    }

    @POST
    @Path("/ranges")
    @RolesAllowed(Caller.SYSTEM_ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Open a range for allocation", description = "An area code (+1NPA) or exchange (+1NPANXX).")
    @RequestBody(content = @Content(schema = @Schema(implementation = Requests.OpenRange.class),
            examples = @ExampleObject(name = "exchange", value = "{\"prefix\":\"+1212555\"}")))
    public Response openRange(byte[] body, @HeaderParam("Idempotency-Key") String key) {
        Requests.OpenRange request = RegistryJson.read(body, Requests.OpenRange.class);
        Committed committed = pool.openRange(request.prefix(), request.digits(), key);
        // The range as opened: digits 0 asks for the numbering plan's length.
        Event.RangeOpened opened = committed.events(Event.RangeOpened.class).getFirst();
        return Written.created(committed, RangeView.of(new NumberRange(opened.prefix(), opened.digits()), 0));
    }

    @DELETE
    @Path("/ranges/{prefix}")
    @RolesAllowed(Caller.SYSTEM_ADMIN)
    @Operation(summary = "Close a range", description = "No more allocations under it; allocated numbers stay.")
    public Response closeRange(@PathParam("prefix") String prefix, @HeaderParam("Idempotency-Key") String key) {
        Committed committed = pool.closeRange(Prefix.of(prefix), key);
        return Written.ok(committed, committed.events());
    }

    @GET
    @Path("/ranges")
    @Authenticated
    @Operation(summary = "The open ranges, with allocated and free counts")
    public List<RangeView> ranges(@QueryParam("minPosition") @DefaultValue("0") long minPosition) {
        return pool.ranges(minPosition);
    }

    @POST
    @Path("/ocns")
    @RolesAllowed(Caller.SYSTEM_ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Register an OCN (a carrier)")
    @RequestBody(content = @Content(schema = @Schema(implementation = Requests.RegisterOcn.class),
            examples = @ExampleObject(name = "carrier", value = "{\"ocn\":\"1510\",\"name\":\"Lakeside Telephone\","
                    + "\"contact\":\"noc@lakeside.example\"}")))
    public Response registerOcn(byte[] body, @HeaderParam("Idempotency-Key") String key) {
        Requests.RegisterOcn request = RegistryJson.read(body, Requests.RegisterOcn.class);
        Committed committed = pool.registerOcn(new OcnRecord(request.ocn(), request.name(), request.contact()), key);
        Event.OcnRegistered registered = committed.events(Event.OcnRegistered.class).getFirst();
        return Written.created(committed, new OcnRecord(registered.ocn(), registered.name(), registered.contact()));
    }

    @PUT
    @Path("/ocns/{ocn}")
    @RolesAllowed(Caller.SYSTEM_ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change an OCN's name or contact")
    @RequestBody(content = @Content(schema = @Schema(implementation = Requests.UpdateOcn.class)))
    public Response updateOcn(@PathParam("ocn") String ocn, byte[] body, @HeaderParam("Idempotency-Key") String key) {
        Requests.UpdateOcn request = RegistryJson.read(body, Requests.UpdateOcn.class);
        Committed committed = pool.updateOcn(new OcnRecord(Ocn.of(ocn), request.name(), request.contact()), key);
        Event.OcnUpdated updated = committed.events(Event.OcnUpdated.class).getFirst();
        return Written.ok(committed, new OcnRecord(updated.ocn(), updated.name(), updated.contact()));
    }

    @GET
    @Path("/ocns")
    @Authenticated
    @Operation(summary = "The registered OCNs")
    public List<OcnRecord> ocns(@QueryParam("minPosition") @DefaultValue("0") long minPosition) {
        return pool.ocns(minPosition);
    }
}
