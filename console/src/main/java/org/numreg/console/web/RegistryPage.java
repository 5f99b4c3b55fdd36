package org.numreg.console.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.qute.TemplateData;
import io.quarkus.qute.TemplateInstance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.numreg.console.api.AllocationApi;
import org.numreg.console.api.ApiProblem;
import org.numreg.console.api.ConsensusApi;
import org.numreg.console.api.PortingApi;
import org.numreg.console.api.Registrars;
import org.numreg.console.api.SyncApi;
import org.numreg.console.api.WhoisApi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Registry health: every registrar's log head and whether they agree, whether the numbers'
 * digests agree (the sync-service's anti-entropy), how far this registrar's read models got, and
 * the changes arriving (polled from the sync feed by the page).
 */
@Path("/registry")
public class RegistryPage {

    /** How many of the latest changes the live view starts with and keeps. */
    static final int RECENT = 25;
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One registrar's log head, or why it could not be read. */
    @TemplateData
    public record Head(String registrar, Map<String, Object> head, String error) {
        public long position() {
            return head == null ? -1 : ((Number) head.get("position")).longValue();
        }
    }

    /**
     * How far one of this registrar's services has applied the log, how far behind the head it is,
     * and why it stopped, if it did (or why it could not be asked).
     */
    @TemplateData
    public record ReadModel(String service, Map<String, Object> progress, long behind, String error) {
    }

    /** A change as the live view lists it. */
    public record Change(long position, String type, String subject, String registrar, String principal, String time) {
    }

    private final Registrars registrars;
    private final AllocationApi allocation;
    private final PortingApi porting;
    private final WhoisApi whois;
    private final SyncApi sync;
    private final Template view;

    RegistryPage(Registrars registrars, @RestClient AllocationApi allocation, @RestClient PortingApi porting,
                 @RestClient WhoisApi whois, @RestClient SyncApi sync, @Location("registry") Template view) {
        this.view = view;
        this.registrars = registrars;
        this.allocation = allocation;
        this.porting = porting;
        this.whois = whois;
        this.sync = sync;
    }

    @GET
    @Produces(MediaType.TEXT_HTML)
    public TemplateInstance registry() {
        List<Head> heads = new ArrayList<>();
        registrars.consensus().forEach((id, api) -> heads.add(head(id, api)));
        long ownHead = heads.getFirst().position();
        List<ReadModel> readModels = List.of(
                readModel("allocation-service", allocation::readModel, ownHead),
                readModel("porting-service", porting::readModel, ownHead),
                readModel("whois-service", whois::readModel, ownHead),
                readModel("sync-service", sync::readModel, ownHead));
        List<Map<String, Object>> digests;
        String digestsError = null;
        try {
            digests = sync.digestPeers();
        } catch (RuntimeException e) {
            digests = List.of();
            digestsError = e instanceof ApiProblem p ? p.headline() : e.getMessage();
        }
        return view.data("heads", heads).data("agree", agree(heads)).data("readModels", readModels)
                .data("digests", digests).data("digestsAgree", digestsAgree(digests)).data("digestsError", digestsError);
    }

    /** The changes after {@code after} (the newest {@link #RECENT} of them), for the page's live view. */
    @GET
    @Path("/changes")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Change> changes(@QueryParam("after") long after) {
        List<Change> changes = new ArrayList<>();
        for (String line : sync.changes(Math.max(0, after)).split("\n")) {
            if (!line.isBlank()) {
                changes.add(change(line));
            }
        }
        return changes.subList(Math.max(0, changes.size() - RECENT), changes.size());
    }

    private static Change change(String line) {
        try {
            JsonNode event = JSON.readTree(line);
            return new Change(event.path("numregposition").asLong(), event.path("type").asText(),
                    event.path("subject").asText(), event.path("numregregistrar").asText(),
                    event.path("numregprincipal").asText(), event.path("time").asText());
        } catch (Exception e) {
            throw new IllegalStateException("the sync feed sent a line that is not an event: " + line, e);
        }
    }

    private static Head head(String registrar, ConsensusApi api) {
        try {
            return new Head(registrar, api.head(), null);
        } catch (ApiProblem problem) {
            return new Head(registrar, null, problem.headline());
        } catch (RuntimeException unreachable) {
            return new Head(registrar, null, "unreachable: " + unreachable.getMessage());
        }
    }

    /**
     * Heads agree when every registrar that answered shows the same hash at the same position;
     * registrars a little behind cannot be compared by heads alone, so they make it "not agreeing"
     * until they catch up (the page refreshes).
     */
    static boolean agree(List<Head> heads) {
        Set<String> distinct = new LinkedHashSet<>();
        for (Head head : heads) {
            if (head.head() == null) {
                return false;
            }
            distinct.add(head.position() + "/" + head.head().get("hash"));
        }
        return distinct.size() == 1;
    }

    /** The sync-service's anti-entropy found every other registrar's numbers digest equal to its own. */
    static boolean digestsAgree(List<Map<String, Object>> peers) {
        return !peers.isEmpty() && peers.stream().allMatch(peer -> "AGREE".equals(peer.get("status")));
    }

    private static ReadModel readModel(String service, Supplier<Map<String, Object>> progress, long head) {
        try {
            Map<String, Object> answer = new LinkedHashMap<>(progress.get());
            Object position = answer.get("position");
            long behind = position instanceof Number n && head >= 0 ? Math.max(0, head - n.longValue()) : -1;
            return new ReadModel(service, answer, behind, (String) answer.get("failure"));
        } catch (RuntimeException e) {
            return new ReadModel(service, Map.of(), -1, e instanceof ApiProblem p ? p.headline() : e.getMessage());
        }
    }
}
