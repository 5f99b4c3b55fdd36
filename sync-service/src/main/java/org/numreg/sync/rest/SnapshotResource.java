package org.numreg.sync.rest;

import io.quarkus.security.Authenticated;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.StreamingOutput;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.numreg.client.feed.FeedProgress;
import org.numreg.support.rest.Rejections;
import org.numreg.sync.service.StateSnapshots;

import java.util.zip.GZIPOutputStream;

/**
 * The whole registry as of a position — where a mirror starts before it follows /v1/changes
 * after that position.
 */
@Path("/v1/snapshot")
public class SnapshotResource {

    private final StateSnapshots snapshots;
    private final FeedProgress progress;
    private final SecurityIdentity identity;

    SnapshotResource(StateSnapshots snapshots, FeedProgress progress, SecurityIdentity identity) {
        this.snapshots = snapshots;
        this.progress = progress;
        this.identity = identity;
    }

    @GET
    @Authenticated
    @Produces(ChangesResource.NDJSON)
    @Operation(summary = "The registry's state as of a position",
            description = "NDJSON: a 'snapshot' line (position, log hash after it), the OCNs, the numbers in number"
                    + " order, and an 'end' line with position, hash and counts — a stream without it was cut off."
                    + " Without 'at': the last complete position (also in Numreg-Position). Gzip when the client"
                    + " accepts it. PIN hashes for registrars only. Follow on with /v1/changes?after=<position>.")
    public Response snapshot(@Parameter(description = "a past (or soon reached) position") @QueryParam("at") String atParam,
                             @HeaderParam(HttpHeaders.ACCEPT_ENCODING) String acceptEncoding) {
        Long at = PositionParam.optional("at", atParam);
        if (at != null) {
            progress.require(at);
        }
        long position = at != null ? at : progress.position();
        boolean withPinHashes = identity.hasRole("registrar");
        boolean gzip = acceptEncoding != null && acceptEncoding.contains("gzip");
        StreamingOutput body = out -> {
            if (gzip) {
                try (GZIPOutputStream zipped = new GZIPOutputStream(out, 64 * 1024)) {
                    snapshots.write(position, withPinHashes, zipped);
                }
            } else {
                snapshots.write(position, withPinHashes, out);
            }
        };
        Response.ResponseBuilder answer = Response.ok(body, ChangesResource.NDJSON)
                .header(Rejections.POSITION_HEADER, position);
        return (gzip ? answer.header(HttpHeaders.CONTENT_ENCODING, "gzip") : answer).build();
    }
}
