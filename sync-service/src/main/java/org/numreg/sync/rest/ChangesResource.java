package org.numreg.sync.rest;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.numreg.client.feed.FeedProgress;
import org.numreg.registry.codec.ChangeEvent;
import org.numreg.registry.domain.InvalidValueException;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.Prefix;
import org.numreg.support.rest.Rejections;
import org.numreg.sync.repository.ArchiveRepository;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * "All changes after T1": the committed events from a position or a time on, one CloudEvent per
 * line (NDJSON), in log order, up to the last complete position when the request came. Every line's
 * {@code id} (position-index) is a cursor: {@code after=<id>} resumes right after it.
 */
@Path("/v1/changes")
public class ChangesResource {

    public static final String NDJSON = "application/x-ndjson";

    private final ArchiveRepository archive;
    private final FeedProgress progress;
    private final SecurityIdentity identity;
    private final int pageSize;

    ChangesResource(ArchiveRepository archive, FeedProgress progress, SecurityIdentity identity,
                    @ConfigProperty(name = "numreg.sync.page-size") int pageSize) {
        this.archive = archive;
        this.progress = progress;
        this.identity = identity;
        this.pageSize = pageSize;
    }

    @GET
    @Authenticated
    @Produces(NDJSON)
    @Operation(summary = "Changes after a position or a time",
            description = "Streams the committed events (CloudEvents, one per line) after 'after' (a position P,"
                    + " or an event id P-I to resume mid-position) or from 'since' (RFC 3339), optionally only those"
                    + " of an OCN or under a number prefix, up to the last complete position at the time of the"
                    + " request (header Numreg-Position). Registrars (role registrar) get the events as published;"
                    + " everyone else without PIN hashes.")
    public Response changes(@Parameter(description = "position P or event id P-I") @QueryParam("after") String after,
                            @Parameter(description = "RFC 3339 time") @QueryParam("since") String since,
                            @QueryParam("ocn") String ocn, @QueryParam("prefix") String prefix) {
        ArchiveRepository.Cursor start = cursor(after, since);
        String ocnFilter = ocn == null ? null : Ocn.of(ocn).value();
        String prefixFilter = prefix == null ? null : Prefix.of(prefix).value();
        long through = progress.position();
        boolean full = identity.hasRole("registrar");
        StreamingOutput body = output -> stream(output, start, through, ocnFilter, prefixFilter, full);
        return Response.ok(body, NDJSON).header(Rejections.POSITION_HEADER, through).build();
    }

    private void stream(OutputStream output, ArchiveRepository.Cursor start, long through, String ocn, String prefix,
                        boolean full) throws IOException {
        ArchiveRepository.Cursor cursor = start;
        while (true) {
            List<ArchiveRepository.Archived> page = archive.page(cursor, ocn, prefix, pageSize);
            for (ArchiveRepository.Archived event : page) {
                if (event.position() > through) {
                    output.flush();
                    return;
                }
                byte[] json = event.json().getBytes(StandardCharsets.UTF_8);
                output.write(full ? json : ChangeEvent.publicForm(json));
                output.write('\n');
            }
            if (page.size() < pageSize) {
                output.flush();
                return;
            }
            ArchiveRepository.Archived last = page.getLast();
            cursor = new ArchiveRepository.Cursor(last.position(), last.index());
            output.flush();
        }
    }

    private ArchiveRepository.Cursor cursor(String after, String since) {
        if (after != null && since != null) {
            throw new InvalidValueException("after", "give 'after' or 'since', not both");
        }
        if (since != null) {
            try {
                return archive.firstPositionSince(Instant.parse(since))
                        .map(position -> new ArchiveRepository.Cursor(position, -1))
                        .orElse(new ArchiveRepository.Cursor(Long.MAX_VALUE, 0));
            } catch (DateTimeParseException e) {
                throw new InvalidValueException("since", "since is an RFC 3339 time such as 2026-11-23T12:00:00Z: " + since);
            }
        }
        if (after == null) {
            return ArchiveRepository.Cursor.START;
        }
        if (!after.matches("[0-9]{1,18}(-[0-9]{1,9})?")) {
            throw new InvalidValueException("after", "after is a position (42) or an event id (42-3): " + after);
        }
        return ArchiveRepository.Cursor.parse(after);
    }
}
