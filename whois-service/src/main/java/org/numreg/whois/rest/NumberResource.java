package org.numreg.whois.rest;

import io.quarkus.security.Authenticated;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.ExampleObject;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.numreg.client.auth.Caller;
import org.numreg.client.feed.FeedProgress;
import org.numreg.client.pin.PinGuard;
import org.numreg.client.pin.Pins;
import org.numreg.client.records.NumberFilter;
import org.numreg.client.records.RegistryRecords;
import org.numreg.client.records.StoredNumber;
import org.numreg.client.rest.Page;
import org.numreg.client.rest.Paging;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.InvalidValueException;
import org.numreg.registry.domain.NumberType;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.PinChannel;
import org.numreg.registry.domain.Prefix;
import org.numreg.registry.domain.ServiceIndicator;
import org.numreg.support.limits.RateLimiter;
import org.numreg.support.rest.Problem;
import org.numreg.support.rest.Rejections;
import org.numreg.whois.mapping.NumberAnswer;
import org.numreg.whois.repository.HistoryRepository;
import org.numreg.whois.service.Lookups;

import java.util.List;
import java.util.Optional;

/**
 * Who holds a number, and what is known about it. Every answer says in {@code Numreg-Position}
 * which log position the read model reflected; {@code minPosition} (a write's position) makes a
 * read wait until the read model got there.
 */
@Path("/v1/numbers")
@Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
public class NumberResource {


    private final Lookups lookups;
    private final FeedProgress progress;
    private final RegistryRecords records;
    private final HistoryRepository history;
    private final PinGuard pinGuard;
    private final Caller caller;
    private final RateLimiter limits;

    NumberResource(Lookups lookups, FeedProgress progress, RegistryRecords records, HistoryRepository history,
                   PinGuard pinGuard, Caller caller, RateLimiter limits) {
        this.lookups = lookups;
        this.progress = progress;
        this.records = records;
        this.history = history;
        this.pinGuard = pinGuard;
        this.caller = caller;
        this.limits = limits;
    }

    @GET
    @Path("/{number}")
    @PermitAll
    @Operation(summary = "Look a number up",
            description = "Public fields (number, OCN, carrier name, type) without a token; all fields for the"
                    + " number's OCN admins, system admins, and a caller presenting the number's PIN in the"
                    + " Numreg-Pin header. A wrong PIN is committed as a failure; every 5 close the number to PIN"
                    + " lookups (never to ports) for a while, each time longer.")
    @APIResponse(responseCode = "200", description = "the number", content = @Content(mediaType = "application/json",
            examples = @ExampleObject(name = "public", value = "{\"number\":\"+12125550100\",\"ocn\":\"1510\","
                    + "\"carrierName\":\"Lakeside Telephone\",\"type\":\"MOBILE\",\"lastChangePosition\":42,"
                    + "\"full\":false}")))
    @APIResponse(responseCode = "403", description = "wrong PIN (the failure is counted)")
    @APIResponse(responseCode = "404", description = "the number is not allocated")
    @APIResponse(responseCode = "429", description = "too many lookups or PIN checks of late, or the number takes"
            + " no PIN for lookups for a while after wrong ones: Retry-After says when to try again")
    public Response lookup(@PathParam("number") String number,
                           @Parameter(description = "wait until the read model holds this log position")
                           @QueryParam("minPosition") @DefaultValue("0") long minPosition,
                           @HeaderParam(Pins.HEADER) String pin) {
        E164 e164 = E164.of(number);
        if (caller.isAnonymous()) {
            // Public callers by address; a logged-in carrier is named and accountable, and its
            // back office may look up far more than a person would.
            limits.acquire(limits.lookupsPerClient(), caller.rateKey());
        }
        progress.require(minPosition);
        long position = progress.position();
        StoredNumber stored = lookups.find(e164).orElseThrow(() -> notAllocated(e164));
        boolean full = caller.maySeeAllOf(stored.record().ocn());
        if (!full) {
            // A flood of strangers' lookups of one number must not shut out its own administrators.
            limits.acquire(limits.lookupsPerNumber(), e164.value());
        }
        if (!full && pin != null) {
            Pins.checkForm(Pins.HEADER, pin);
            stored = pinGuard.check(e164, pin, PinChannel.LOOKUP, caller);
            full = true;
        }
        return Response.ok(full ? NumberAnswer.allFields(stored) : NumberAnswer.publicFields(stored))
                .header(Rejections.POSITION_HEADER, position).build();
    }

    @GET
    @Authenticated
    @Operation(summary = "Search numbers",
            description = "By prefix, OCN, zip, type and service indicator (all optional, combined), in number"
                    + " order; page with 'after' (the previous page's 'next'). Numbers of OCNs the caller"
                    + " administers (all, for system admins) show all fields, others their public fields.")
    public Response search(@QueryParam("prefix") String prefix, @QueryParam("ocn") String ocn,
                           @QueryParam("zip") String zip, @QueryParam("type") String type,
                           @QueryParam("serviceIndicator") String serviceIndicator,
                           @QueryParam("after") String after,
                           @QueryParam("limit") @DefaultValue("100") int limit,
                           @QueryParam("minPosition") @DefaultValue("0") long minPosition) {
        Paging.limit(limit);
        NumberFilter filter = new NumberFilter(prefix == null ? null : Prefix.of(prefix),
                Optional.ofNullable(ocn).map(Ocn::of), zip, parse("type", type, NumberType.class),
                parse("serviceIndicator", serviceIndicator, ServiceIndicator.class));
        String from = after == null ? null : E164.of(after).value();
        progress.require(minPosition);
        long position = progress.position();
        List<StoredNumber> found = records.search(filter, from, limit);
        Page<NumberAnswer> page = Page.of(found, limit,
                n -> caller.maySeeAllOf(n.record().ocn()) ? NumberAnswer.allFields(n) : NumberAnswer.publicFields(n));
        return Response.ok(page).header(Rejections.POSITION_HEADER, position).build();
    }

    @GET
    @Path("/{number}/history")
    @Authenticated
    @Operation(summary = "A number's history",
            description = "Every committed change of the number in log order (PIN hashes left out): for its OCN's"
                    + " admins and system admins. Page with 'afterPosition'.")
    public Response history(@PathParam("number") String number,
                            @QueryParam("afterPosition") @DefaultValue("0") long afterPosition,
                            @QueryParam("limit") @DefaultValue("100") int limit,
                            @QueryParam("minPosition") @DefaultValue("0") long minPosition) {
        E164 e164 = E164.of(number);
        Paging.limit(limit);
        progress.require(minPosition);
        long position = progress.position();
        Optional<StoredNumber> stored = lookups.find(e164);
        boolean allowed = caller.isSystemAdmin() || stored.map(n -> caller.administers(n.record().ocn())).orElse(false);
        if (!allowed) {
            throw new ForbiddenException("a number's history is for its OCN's administrators and system admins");
        }
        List<HistoryRepository.Change> changes = history.of(e164, afterPosition, limit);
        return Response.ok(changes).header(Rejections.POSITION_HEADER, position).build();
    }

    private static NotFoundException notAllocated(E164 number) {
        return new NotFoundException(number + " is not allocated");
    }

    private static <E extends Enum<E>> E parse(String field, String value, Class<E> type) {
        if (value == null) {
            return null;
        }
        try {
            return Enum.valueOf(type, value.toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException e) {
            throw new InvalidValueException(field, field + " is one of " + java.util.Arrays.toString(type.getEnumConstants())
                    + ": " + value);
        }
    }
}
