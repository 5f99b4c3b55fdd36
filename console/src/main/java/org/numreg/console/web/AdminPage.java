package org.numreg.console.web;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.numreg.console.api.AllocationApi;
import org.numreg.console.api.ApiProblem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** OCNs and area codes / ranges: what system admins keep; everyone signed in may look. */
@Path("/pool")
@Produces(MediaType.TEXT_HTML)
@Authenticated
public class AdminPage {

    private final AllocationApi allocation;
    private final Template view;

    AdminPage(@RestClient AllocationApi allocation, @Location("pool") Template view) {
        this.allocation = allocation;
        this.view = view;
    }

    private TemplateInstance view(long position, String done, ApiProblem problem) {
        return view.data("ocns", allocation.ocns(position)).data("ranges", allocation.ranges(position))
                .data("done", done).data("position", position).data("key", Forms.newKey()).data("problem", problem);
    }

    @GET
    public TemplateInstance pool(@QueryParam("position") long position, @QueryParam("done") String done) {
        return view(position, done, null);
    }

    @POST
    @Path("/ocns")
    @RolesAllowed(ConsoleUser.SYSTEM_ADMIN)
    public Response registerOcn(@RestForm String ocn, @RestForm String name, @RestForm String contact,
                                @RestForm String key) {
        Map<String, Object> body = carrier(name, contact);
        Forms.putIfGiven(body, "ocn", ocn);
        return write("OCN " + ocn + " registered", () -> allocation.registerOcn(body, key));
    }

    @POST
    @Path("/ocns/update")
    @RolesAllowed(ConsoleUser.SYSTEM_ADMIN)
    public Response updateOcn(@RestForm String ocn, @RestForm String name, @RestForm String contact,
                              @RestForm String key) {
        return write("OCN " + ocn + " saved", () -> allocation.updateOcn(ocn, carrier(name, contact), key));
    }

    /** A carrier's name and contact as the OCN requests take them (blank fields left out). */
    private static Map<String, Object> carrier(String name, String contact) {
        Map<String, Object> body = new LinkedHashMap<>();
        Forms.putIfGiven(body, "name", name);
        Forms.putIfGiven(body, "contact", contact);
        return body;
    }

    @POST
    @Path("/ranges")
    @RolesAllowed(ConsoleUser.SYSTEM_ADMIN)
    public Response openRange(@RestForm String prefix, @RestForm String digits, @RestForm String key) {
        Map<String, Object> body = new LinkedHashMap<>();
        Forms.putIfGiven(body, "prefix", prefix);
        if (Forms.blankToNull(digits) != null) {
            body.put("digits", Forms.wholeNumber("digits", digits));
        }
        return write("Range " + prefix + " opened", () -> allocation.openRange(body, key));
    }

    @POST
    @Path("/ranges/close")
    @RolesAllowed(ConsoleUser.SYSTEM_ADMIN)
    public Response closeRange(@RestForm String prefix, @RestForm String key) {
        return write("Range " + prefix + " closed", () -> allocation.closeRange(prefix, key));
    }

    private Response write(String done, Supplier<Response> call) {
        try {
            return Forms.see("/pool", done, Forms.position(call.get()));
        } catch (ApiProblem problem) {
            return Response.status(problem.status()).entity(view(0, null, problem)).build();
        }
    }
}
