package org.numreg.consensus.transport;

import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;
import org.numreg.consensus.config.Peers;
import org.numreg.paxos.Message;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLContext;

/**
 * Sends Paxos messages to peer registrars: one queue and one sender per peer, which takes
 * everything queued and posts it as one batch (or several, when it is heavy) over a kept-alive
 * connection. A batch that fails is dropped — Paxos tolerates loss, and the next heartbeat
 * resends what matters.
 */
public final class PeerNetwork implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(PeerNetwork.class);
    public static final String PATH = "/peer/v1/messages";
    public static final String SNAPSHOT_PATH = "/peer/v1/snapshot";
    public static final String HASH_PATH = "/peer/v1/hash";
    private static final int MAX_BATCH = 4096;
    /**
     * Well below the peer port's body limit (consensus-service: quarkus.http.limits.max-body-size),
     * which a single message stays under too: Options.maxValueBytes bounds a slot's batch and a
     * LEARN, and a PROMISE carries at most maxInflight accepted slots.
     */
    public static final int MAX_POST_BYTES = 1024 * 1024;

    private final int self;
    private final MeterRegistry metrics;
    private volatile Peers peers = new Peers(Map.of());
    private final HttpClient http;
    private final Map<Integer, LinkedBlockingQueue<Message>> queues = new ConcurrentHashMap<>();
    private final Map<Integer, Boolean> reachable = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);

    public PeerNetwork(int self, Peers peers, SSLContext tls, MeterRegistry metrics) {
        this.self = self;
        this.metrics = metrics;
        HttpClient.Builder builder = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .version(HttpClient.Version.HTTP_1_1);
        if (tls != null) {
            builder.sslContext(tls);
        }
        this.http = builder.build();
        follow(peers);
    }

    /** Starts sending to peers not known before (registrars added through the log). */
    public synchronized void follow(Peers now) {
        for (Peers.Peer peer : now.byNode().values()) {
            if (peer.node() != self && !queues.containsKey(peer.node())) {
                LinkedBlockingQueue<Message> queue = new LinkedBlockingQueue<>();
                queues.put(peer.node(), queue);
                reachable.put(peer.node(), false);
                metrics.gauge("numreg.consensus.peer.reachable", List.of(io.micrometer.core.instrument.Tag.of("peer",
                        peer.registrar())), reachable, r -> r.get(peer.node()) ? 1 : 0);
                Thread.ofVirtual().name("peer-sender-" + peer.registrar()).start(() -> sendLoop(peer, queue));
                if (!peers.byNode().isEmpty()) {
                    LOG.infof("peer %s (node %d) at %s joined the peer link", peer.registrar(), peer.node(), peer.url());
                }
            }
        }
        peers = now;
    }

    /** Queues messages for their peers (messages to unknown nodes are dropped). */
    public void send(List<Message> messages) {
        for (Message message : messages) {
            LinkedBlockingQueue<Message> queue = queues.get(message.to());
            if (queue != null) {
                queue.add(message);
            }
        }
    }

    /** Opens a peer's answer to a GET (e.g. a snapshot); the caller closes the stream. */
    public InputStream open(int node, String pathAndQuery) throws IOException, InterruptedException {
        Peers.Peer peer = peers.byNode().get(node);
        if (peer == null) {
            throw new IOException("node " + node + " is no known peer");
        }
        HttpRequest request = HttpRequest.newBuilder(peer.url().resolve(pathAndQuery)).timeout(Duration.ofMinutes(5))
                .GET().build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            try (InputStream body = response.body()) {
                throw new IOException("peer " + peer.registrar() + " answered HTTP " + response.statusCode() + ": "
                        + new String(body.readNBytes(500), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return response.body();
    }

    private void sendLoop(Peers.Peer peer, LinkedBlockingQueue<Message> queue) {
        URI target = peer.url().resolve(PATH);
        List<Message> batch = new ArrayList<>();
        while (running.get()) {
            try {
                Message first = queue.poll(1, TimeUnit.SECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                for (byte[] body : WireFormat.encodeMessages(batch, MAX_POST_BYTES)) {
                    post(peer, target, body);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
            }
        }
    }

    private void post(Peers.Peer peer, URI target, byte[] body) throws InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        try {
            HttpResponse<Void> response = http.send(request, HttpResponse.BodyHandlers.discarding());
            boolean ok = response.statusCode() / 100 == 2;
            if (!ok && reachable.get(peer.node())) {
                LOG.warnf("peer %s refused %d bytes of messages: HTTP %d", peer.registrar(), body.length,
                        response.statusCode());
            }
            markReachable(peer, ok);
        } catch (IOException e) {
            if (reachable.get(peer.node())) {
                LOG.warnf("peer %s unreachable at %s: %s", peer.registrar(), target, e.toString());
            }
            markReachable(peer, false);
            Thread.sleep(100); // do not spin against a peer that is down
        }
    }

    private void markReachable(Peers.Peer peer, boolean now) {
        Boolean before = reachable.put(peer.node(), now);
        if (now && Boolean.FALSE.equals(before)) {
            LOG.infof("peer %s reachable", peer.registrar());
        }
    }

    @Override
    public void close() {
        running.set(false);
        http.close();
    }
}
