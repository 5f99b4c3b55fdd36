package org.numreg.console.web;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.numreg.console.api.AllocationApi;
import org.numreg.console.api.ApiProblem;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Allocate: a given number, the lowest free one under a prefix, several at once, or a thousands-block. */
@Path("/allocate")
@Produces(MediaType.TEXT_HTML)
public class AllocatePage {

    /** What the form asked for, shown again after a refusal. */
    @TemplateData
    public record Request(String what, String ocn, String number, String prefix, String count, String block) {
        static final Request EMPTY = new Request("number", null, null, null, "10", null);
    }

    private final AllocationApi allocation;
    private final Template view;

    AllocatePage(@RestClient AllocationApi allocation, @Location("allocate") Template view) {
        this.allocation = allocation;
        this.view = view;
    }

    private TemplateInstance view(Request request, List<Map<String, Object>> allocated, String done, long position,
                                  ApiProblem problem) {
        return view.data("request", request).data("allocated", allocated).data("done", done)
                .data("position", position).data("key", Forms.newKey()).data("problem", problem);
    }

    @GET
    public TemplateInstance form() {
        return view(Request.EMPTY, List.of(), null, 0, null);
    }

    @POST
    public Response allocate(@RestForm String what, @RestForm String ocn, @RestForm String number,
                             @RestForm String prefix, @RestForm String count, @RestForm String block,
                             @RestForm String key, @BeanParam PropertiesForm properties) {
        Request request = new Request(what, ocn, number, prefix, count, block);
        Map<String, Object> body = new LinkedHashMap<>();
        Forms.putIfGiven(body, "ocn", ocn);
        try {
            Response written = switch (what == null ? "" : what) {
                case "number" -> {
                    Forms.putIfGiven(body, "number", number);
                    body.put("properties", properties.toJson());
                    yield allocation.allocate(body, key);
                }
                case "lowest" -> {
                    Forms.putIfGiven(body, "prefix", prefix);
                    body.put("properties", properties.toJson());
                    yield allocation.allocate(body, key);
                }
                case "many" -> {
                    Forms.putIfGiven(body, "prefix", prefix);
                    body.put("count", Forms.wholeNumber("count", count));
                    body.put("properties", properties.toJson());
                    yield allocation.allocateMany(body, key);
                }
                case "block" -> {
                    Forms.putIfGiven(body, "block", block);
                    yield allocation.allocateBlock(body, key);
                }
                default -> throw new ApiProblem(400, "Bad Request", "choose what to allocate", null, List.of());
            };
            long position = Forms.position(written);
            Map<String, Object> answer = Forms.body(written);
            if ("number".equals(what) || "lowest".equals(what)) {
                return Forms.seeNumber((String) answer.get("number"), "Allocated to " + ocn, position);
            }
            if ("block".equals(what)) {
                return Response.ok(view(request, List.of(), "Block " + answer.get("block")
                        + " allocated to " + ocn, position, null)).build();
            }
            List<Map<String, Object>> numbers = Forms.list(answer.get("numbers"));
            return Response.ok(view(request, numbers, numbers.size() + " numbers allocated to " + ocn, position, null)).build();
        } catch (ApiProblem problem) {
            return Response.status(problem.status())
                    .entity(view(request, List.of(), null, 0, problem)).build();
        }
    }
}
