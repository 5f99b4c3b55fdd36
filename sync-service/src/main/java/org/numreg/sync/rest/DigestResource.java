package org.numreg.sync.rest;

import io.quarkus.security.Authenticated;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.numreg.client.auth.Caller;
import org.numreg.client.feed.FeedProgress;
import org.numreg.client.records.Digests;
import org.numreg.registry.domain.InvalidValueException;
import org.numreg.support.rest.Rejections;
import org.numreg.sync.repository.DigestRepository;
import org.numreg.sync.service.AntiEntropy;

import java.util.HexFormat;
import java.util.List;

/**
 * The digest tree of the numbers at the read model's position (in Numreg-Position): two registrars
 * at the same position with equal root hashes hold the same numbers; where they differ, the
 * children show which way to go.
 */
@Path("/v1/digest")
@Produces(MediaType.APPLICATION_JSON)
public class DigestResource {

    private final DigestRepository digests;
    private final FeedProgress progress;
    private final AntiEntropy antiEntropy;

    DigestResource(DigestRepository digests, FeedProgress progress, AntiEntropy antiEntropy) {
        this.digests = digests;
        this.progress = progress;
        this.antiEntropy = antiEntropy;
    }

    @GET
    @Path("/peers")
    @Authenticated
    @Operation(summary = "How the peers' digests compare with ours",
            description = "From the periodic anti-entropy comparison: AGREE, DIFFER (with the differing numbers found),"
                    + " NOT_COMPARABLE (the registrars stood at different positions) or UNREACHABLE.")
    public List<AntiEntropy.PeerComparison> peers() {
        return antiEntropy.results();
    }

    /** A node: its prefix, how many numbers are under it, their combined hash (hex). */
    public record NodeView(String prefix, long count, String hash) {
        static NodeView of(Digests.Node node) {
            return new NodeView(node.prefix(), node.count(), HexFormat.of().formatHex(node.hash()));
        }
    }

    public record Digest(long position, NodeView node, List<NodeView> children) {
    }

    @GET
    @Authenticated
    @Operation(summary = "A node of the numbers' digest tree and its children",
            description = "prefix '+' is the root; a child is one digit longer. Of the current state, or with 'at' of"
                    + " the state at that position (e.g. another registrar's): two registrars compare at one position.")
    public Response digest(@QueryParam("prefix") @DefaultValue("+") String prefix,
                           @Parameter(description = "a past (or soon reached) position") @QueryParam("at") String atParam,
                           @QueryParam("minPosition") @DefaultValue("0") long minPosition) {
        if (!prefix.matches("\\+[0-9]{0,15}")) {
            throw new InvalidValueException("prefix", "a prefix is + and up to 15 digits: " + prefix);
        }
        Long at = PositionParam.optional("at", atParam);
        progress.require(Math.max(minPosition, at == null ? 0 : at));
        long position = at != null ? at : progress.position();
        DigestRepository.Subtree tree = digests.at(position, prefix);
        NodeView node = tree.node() == null ? new NodeView(prefix, 0, HexFormat.of().formatHex(new byte[32]))
                : NodeView.of(tree.node());
        List<NodeView> children = tree.children().stream().map(NodeView::of).toList();
        return Response.ok(new Digest(position, node, children)).header(Rejections.POSITION_HEADER, position).build();
    }

    @POST
    @Path("/recompute")
    @RolesAllowed(Caller.SYSTEM_ADMIN)
    @Operation(summary = "Recompute the digest tree from the stored numbers",
            description = "Checks the store: a number whose stored record no longer matches what the feed applied"
                    + " then shows up as a differing leaf against any other registrar.")
    public Response recompute() {
        digests.recompute();
        return Response.noContent().build();
    }
}
