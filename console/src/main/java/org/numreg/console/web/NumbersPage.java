package org.numreg.console.web;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.resteasy.reactive.RestForm;
import org.numreg.console.api.AllocationApi;
import org.numreg.console.api.ApiProblem;
import org.numreg.console.api.PortingApi;
import org.numreg.console.api.WhoisApi;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** Numbers: search the registry, one number's page with its history and ports, and changes to it. */
@Path("/")
@Produces(MediaType.TEXT_HTML)
public class NumbersPage {

    static final int PAGE_SIZE = 50;

    /** The search form's fields, as the whois search takes them. */
    @TemplateData
    public record Search(String q, String ocn, String zip, String type, String serviceIndicator) {
        public boolean isEmpty() {
            return q == null && ocn == null && zip == null && type == null && serviceIndicator == null;
        }

        /** The same search from {@code after} on, its values encoded (a prefix's "+" must not become a space). */
        public String nextPage(String after) {
            UriBuilder page = UriBuilder.fromPath("/numbers");
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put("q", q);
            fields.put("ocn", ocn);
            fields.put("zip", zip);
            fields.put("type", type);
            fields.put("serviceIndicator", serviceIndicator);
            fields.put("after", after);
            fields.forEach((name, value) -> {
                if (value != null) {
                    page.queryParam(name, URLEncoder.encode(value, StandardCharsets.UTF_8));
                }
            });
            return page.build().toString();
        }
    }

    private final WhoisApi whois;
    private final AllocationApi allocation;
    private final PortingApi porting;
    private final Template searchView;
    private final Template numberView;

    NumbersPage(@RestClient WhoisApi whois, @RestClient AllocationApi allocation, @RestClient PortingApi porting,
                @Location("search") Template searchView, @Location("number") Template numberView) {
        this.whois = whois;
        this.allocation = allocation;
        this.porting = porting;
        this.searchView = searchView;
        this.numberView = numberView;
    }

    private TemplateInstance search(Search search, List<Map<String, Object>> items, String next, String done,
                                    ApiProblem problem) {
        return searchView.data("search", search).data("items", items).data("next", next).data("done", done)
                .data("problem", problem);
    }

    private TemplateInstance number(String number, Map<String, Object> record, List<Map<String, Object>> history,
                                    Map<String, Object> ports, String done, long position, ApiProblem problem) {
        return numberView.data("number", number).data("record", record).data("history", HistoryLine.of(history))
                .data("ports", ports).data("done", done).data("position", position).data("key", Forms.newKey())
                .data("problem", problem);
    }

    @GET
    public Response home() {
        return Response.seeOther(URI.create("/numbers")).build();
    }

    @GET
    @Path("numbers")
    public TemplateInstance search(@QueryParam("q") String q, @QueryParam("ocn") String ocn,
                                   @QueryParam("zip") String zip, @QueryParam("type") String type,
                                   @QueryParam("serviceIndicator") String serviceIndicator,
                                   @QueryParam("after") String after, @QueryParam("done") String done) {
        Search search = new Search(Forms.blankToNull(q), Forms.blankToNull(ocn), Forms.blankToNull(zip),
                Forms.blankToNull(type), Forms.blankToNull(serviceIndicator));
        try {
            Map<String, Object> page = whois.search(search.q(), search.ocn(), search.zip(), search.type(),
                    search.serviceIndicator(), Forms.blankToNull(after), PAGE_SIZE);
            List<Map<String, Object>> items = Forms.list(page.get("items"));
            return search(search, items, (String) page.get("next"), done, null);
        } catch (ApiProblem problem) {
            return search(search, List.of(), null, done, problem);
        }
    }

    @GET
    @Path("numbers/{number}")
    public Response number(@PathParam("number") String number, @QueryParam("position") long position,
                           @QueryParam("done") String done) {
        return page(number, position, done, null);
    }

    private Response page(String number, long position, String done, ApiProblem problem) {
        Map<String, Object> record;
        try {
            record = whois.lookup(number, position, null);
        } catch (ApiProblem notFound) {
            return Response.status(notFound.status())
                    .entity(number(number, null, List.of(), null, done, position,
                            problem != null ? problem : notFound)).build();
        }
        boolean full = Boolean.TRUE.equals(record.get("full"));
        List<Map<String, Object>> history = full ? whois.history(number, position) : List.of();
        Map<String, Object> ports = full ? porting.status(number, position) : null;
        return Response.status(problem == null ? 200 : problem.status())
                .entity(number(number, record, history, ports, done, position, problem))
                .build();
    }

    @POST
    @Path("numbers/{number}/properties")
    public Response update(@PathParam("number") String number, @RestForm String ocn, @RestForm String key,
                           @BeanParam PropertiesForm properties) {
        return write(number, "Properties saved", () -> allocation.update(number,
                Map.of("ocn", ocn, "properties", properties.toJson()), key));
    }

    @POST
    @Path("numbers/{number}/pin")
    public Response setPin(@PathParam("number") String number, @RestForm String ocn, @RestForm String pin,
                           @RestForm String key) {
        return write(number, "PIN set", () -> allocation.setPin(number, Map.of("ocn", ocn, "pin", pin), key));
    }

    @POST
    @Path("numbers/{number}/protection")
    public Response protect(@PathParam("number") String number, @RestForm boolean protect, @RestForm String key) {
        return write(number, protect ? "Port protection on" : "Port protection off",
                () -> porting.protect(number, Map.of("protect", protect), key));
    }

    @POST
    @Path("numbers/{number}/release")
    public Response release(@PathParam("number") String number, @RestForm String ocn, @RestForm String key) {
        try {
            Response released = allocation.release(number, ocn, key);
            return Forms.see("/numbers", number + " released to the pool", Forms.position(released));
        } catch (ApiProblem problem) {
            return page(number, 0, null, problem);
        }
    }

    @POST
    @Path("numbers/{number}/cancel-port")
    public Response cancelPort(@PathParam("number") String number, @RestForm String key) {
        return write(number, "Scheduled port cancelled", () -> porting.cancel(number, key));
    }

    /** Runs a write and shows the number at its position; a refusal is shown on the number's page. */
    private Response write(String number, String done, Supplier<Response> call) {
        try {
            return Forms.seeNumber(number, done, Forms.position(call.get()));
        } catch (ApiProblem problem) {
            return page(number, 0, null, problem);
        }
    }
}
