package org.numreg.sync.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.numreg.client.consensus.RegistrarToken;
import org.numreg.client.feed.FeedProgress;
import org.numreg.client.records.Digests;
import org.numreg.registry.codec.RegistryJson;
import org.numreg.sync.repository.DigestRepository;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Compares this registrar's digest tree with each peer's, every so often, at one log position
 * (ours when the comparison starts; the peer answers for that position even when it is further
 * on): the roots decide, and a difference is walked down to the differing numbers (a few at
 * most). A peer that has not reached the position is NOT_COMPARABLE this time. Results: GET /v1/digest/peers, the gauge numreg_sync_peer_agrees
 * (1 agree, 0 differ, -1 unknown) and a log line on every difference.
 */
@ApplicationScoped
public class AntiEntropy {

    private static final Logger LOG = Logger.getLogger(AntiEntropy.class);
    private static final int MAX_REPORTED = 10;

    /** How a peer compares: AGREE, DIFFER (with the numbers found), NOT_COMPARABLE (peer behind), UNREACHABLE. */
    public record PeerComparison(String peer, String status, long position, long peerPosition, List<String> differing,
                                 Instant checkedAt, String detail) {
    }

    private final Map<String, URI> peers = new LinkedHashMap<>();
    private final DigestRepository digests;
    private final FeedProgress progress;
    private final RegistrarToken token;
    private final Map<String, PeerComparison> results = new ConcurrentHashMap<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    AntiEntropy(@ConfigProperty(name = "numreg.sync.peers") Optional<List<String>> peers, DigestRepository digests,
                FeedProgress progress, RegistrarToken token, MeterRegistry metrics) {
        this.digests = digests;
        this.progress = progress;
        this.token = token;
        for (String peer : peers.orElse(List.of())) {
            int equals = peer.indexOf('=');
            if (equals < 1) {
                throw new IllegalArgumentException("numreg.sync.peers lists id=url, not " + peer);
            }
            String id = peer.substring(0, equals).trim();
            this.peers.put(id, URI.create(peer.substring(equals + 1).trim()));
            Gauge.builder("numreg_sync_peer_agrees", results, r -> switch (Optional.ofNullable(r.get(id))
                            .map(PeerComparison::status).orElse("")) {
                        case "AGREE" -> 1;
                        case "DIFFER" -> 0;
                        default -> -1;
                    })
                    .tag("peer", id).description("1 when the peer's digests equal ours, 0 when they differ, -1 unknown")
                    .register(metrics);
        }
    }

    public List<PeerComparison> results() {
        return peers.keySet().stream().map(peer -> results.getOrDefault(peer, new PeerComparison(peer, "NOT_COMPARABLE",
                progress.position(), 0, List.of(), null, "not compared yet"))).toList();
    }

    @Scheduled(every = "${numreg.sync.anti-entropy-every}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void compareWithPeers() {
        peers.forEach((peer, url) -> results.put(peer, compare(peer, url)));
    }

    PeerComparison compare(String peer, URI url) {
        long position = progress.position();
        try {
            Optional<JsonNode> root = fetch(url, "+", position);
            if (root.isEmpty()) {
                return new PeerComparison(peer, "NOT_COMPARABLE", position, 0, List.of(), Instant.now(),
                        "the peer has not reached position " + position + " yet");
            }
            List<String> differing = new ArrayList<>();
            Deque<JsonNode> todo = new ArrayDeque<>(List.of(root.get()));
            while (!todo.isEmpty() && differing.size() < MAX_REPORTED) {
                JsonNode node = todo.pop();
                String prefix = node.at("/node/prefix").asText();
                DigestRepository.Subtree ours = digests.at(position, prefix);
                if (hash(ours.node()).equals(node.at("/node/hash").asText())) {
                    continue;
                }
                if (node.path("children").isEmpty() && ours.children().isEmpty()) {
                    differing.add(prefix);
                    continue;
                }
                Set<String> childPrefixes = new TreeSet<>();
                node.path("children").forEach(child -> childPrefixes.add(child.path("prefix").asText()));
                ours.children().forEach(child -> childPrefixes.add(child.prefix()));
                for (String child : childPrefixes) {
                    todo.push(fetch(url, child, position).orElseThrow());
                }
            }
            if (differing.isEmpty()) {
                return new PeerComparison(peer, "AGREE", position, position, List.of(), Instant.now(), null);
            }
            LOG.warnf("registrar %s's numbers differ from ours at position %d: %s", peer, position, differing);
            return new PeerComparison(peer, "DIFFER", position, position, differing, Instant.now(), null);
        } catch (Exception e) {
            return new PeerComparison(peer, "UNREACHABLE", position, 0, List.of(), Instant.now(), e.getMessage());
        }
    }

    /** The peer's digest node at {@code position}; empty when the peer has not got there yet (503). */
    private Optional<JsonNode> fetch(URI peer, String prefix, long position) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(peer.resolve("/v1/digest?prefix="
                        + URLEncoder.encode(prefix, StandardCharsets.UTF_8) + "&at=" + position))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + token.get()).GET().build();
        HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() == 503) {
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IllegalStateException(peer + " answered " + response.statusCode());
        }
        return Optional.of(RegistryJson.mapper().readTree(response.body()));
    }

    private static String hash(Digests.Node node) {
        return HexFormat.of().formatHex(node == null ? new byte[32] : node.hash());
    }
}
