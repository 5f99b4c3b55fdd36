package org.numreg.console.web;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.numreg.console.api.ApiProblem;
import org.numreg.console.api.PortingApi;

import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Port a number: the gaining OCN's admin enters the number and the consumer's PIN, now or scheduled. */
@Path("/ports")
@Produces(MediaType.TEXT_HTML)
public class PortsPage {

    /** The port form's fields, shown again after a refusal (never the PIN). */
    @TemplateData
    public record Request(String number, String gainingOcn, String dueAt) {
        static final Request EMPTY = new Request(null, null, null);
    }

    @Inject
    ConsoleUser user;

    private final PortingApi porting;
    private final Template view;

    PortsPage(@RestClient PortingApi porting, @Location("ports") Template view) {
        this.porting = porting;
        this.view = view;
    }

    private TemplateInstance view(Request request, long position, String done, ApiProblem problem) {
        return view.data("request", request).data("ports", portsOfMyOcns(position)).data("done", done)
                .data("position", position).data("key", Forms.newKey()).data("problem", problem);
    }

    @GET
    public TemplateInstance list(@QueryParam("position") long position, @QueryParam("done") String done) {
        return view(Request.EMPTY, position, done, null);
    }

    @POST
    public Response port(@RestForm String number, @RestForm String gainingOcn, @RestForm String pin,
                         @RestForm String dueAt, @RestForm String key) {
        Request request = new Request(number, gainingOcn, dueAt);
        try {
            Map<String, Object> body = new LinkedHashMap<>();
            Forms.putIfGiven(body, "number", number);
            Forms.putIfGiven(body, "gainingOcn", gainingOcn);
            Forms.putIfGiven(body, "pin", pin);
            if (Forms.blankToNull(dueAt) != null) {
                body.put("dueAt", utc(dueAt));
            }
            Response ported = porting.port(body, key);
            long position = Forms.position(ported);
            return body.containsKey("dueAt")
                    ? Forms.see("/ports", number + " will port to " + gainingOcn + " at " + body.get("dueAt") + " UTC", position)
                    : Forms.seeNumber(number, "Ported to " + gainingOcn, position);
        } catch (ApiProblem problem) {
            return Response.status(problem.status())
                    .entity(view(request, 0, null, problem)).build();
        }
    }

    @POST
    @Path("/cancel")
    public Response cancel(@RestForm String number, @RestForm String key) {
        try {
            return Forms.see("/ports", "The scheduled port of " + number + " is cancelled",
                    Forms.position(porting.cancel(number, key)));
        } catch (ApiProblem problem) {
            return Response.status(problem.status())
                    .entity(view(Request.EMPTY, 0, null, problem)).build();
        }
    }

    /** The browser's datetime-local field (no zone) is taken as UTC, as the page says. */
    private static String utc(String dueAt) {
        try {
            return LocalDateTime.parse(dueAt.strip()).toInstant(ZoneOffset.UTC).toString();
        } catch (DateTimeParseException e) {
            throw new ApiProblem(400, "Bad Request", "dueAt is a date and time such as 2026-12-24T09:00: " + dueAt, null,
                    List.of(Map.of("field", "dueAt", "message", "a date and time")));
        }
    }

    /** Ports from or to the OCNs this user administers, newest first. */
    private List<Map<String, Object>> portsOfMyOcns(long position) {
        List<Map<String, Object>> ports = new ArrayList<>();
        for (String ocn : user.ocns()) {
            porting.ofOcn(ocn, position).stream().filter(p -> !ports.contains(p)).forEach(ports::add);
        }
        ports.sort((a, b) -> Long.compare(((Number) b.get("requestedPosition")).longValue(), ((Number) a.get("requestedPosition")).longValue()));
        return ports;
    }
}
