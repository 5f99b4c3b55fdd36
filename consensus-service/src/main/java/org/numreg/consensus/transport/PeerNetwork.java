package org.numreg.consensus.transport;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.quarkus.tls.TlsConfiguration;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.tracing.TracingPolicy;
import org.jboss.logging.Logger;
import org.numreg.consensus.config.Peers;
import org.numreg.consensus.codec.MessageCodec;
import org.numreg.paxos.Message;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sends Paxos messages to peer registrars over kept-alive HTTP connections: one link per peer,
 * which posts everything queued as one batch (or several, when it is heavy) and, while that post
 * is in flight, lets the next batch gather. Posting runs on a Vert.x event loop, with no thread
 * per peer and no hand-over between threads. A batch that fails is dropped — Paxos tolerates
 * loss, and the next heartbeat resends what matters.
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
    private static final long POST_TIMEOUT_MILLIS = 5_000;
    /** After a failed post: do not spin against a peer that is down. */
    private static final long RETRY_DELAY_MILLIS = 100;

    private final int self;
    private final Vertx vertx;
    private final MeterRegistry metrics;
    private volatile Peers peers = new Peers(Map.of());
    private final HttpClient posts;
    /** Snapshots and hashes are read as streams by a blocking caller (the applier thread). */
    private final java.net.http.HttpClient reads;
    private final Map<Integer, Link> links = new ConcurrentHashMap<>();
    private final AtomicBoolean running = new AtomicBoolean(true);

    public PeerNetwork(int self, Peers peers, Optional<TlsConfiguration> tls, Optional<String> sourceAddress, Vertx vertx,
                       MeterRegistry metrics) {
        this.self = self;
        this.vertx = vertx;
        this.metrics = metrics;
        HttpClientOptions options = new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_1_1)
                .setConnectTimeout(2_000).setKeepAlive(true).setMaxPoolSize(2).setVerifyHost(true)
                // Heartbeats and batches of many commands' messages are no one's trace: a command's
                // trace context travels inside its value (docs/operations.md, "Traces").
                .setTracingPolicy(TracingPolicy.IGNORE);
        java.net.http.HttpClient.Builder reader = java.net.http.HttpClient.newBuilder()
                .connectTimeout(Duration.ofSeconds(2)).version(java.net.http.HttpClient.Version.HTTP_1_1);
        sourceAddress.ifPresent(address -> {
            options.setLocalAddress(address);
            try {
                reader.localAddress(java.net.InetAddress.getByName(address));
            } catch (java.net.UnknownHostException e) {
                throw new IllegalArgumentException("numreg.consensus.peer-source-address: " + address + " is no address", e);
            }
        });
        tls.ifPresent(identity -> {
            options.setKeyCertOptions(identity.getKeyStoreOptions()).setTrustOptions(identity.getTrustStoreOptions());
            try {
                reader.sslContext(identity.createSSLContext());
            } catch (Exception e) {
                throw new IllegalStateException("cannot build the peer TLS context from quarkus.tls.*", e);
            }
        });
        this.posts = vertx.createHttpClient(options);
        this.reads = reader.build();
        follow(peers);
    }

    /** Starts sending to peers not known before (registrars added through the log). */
    public synchronized void follow(Peers now) {
        for (Peers.Peer peer : now.byNode().values()) {
            if (peer.node() != self && !links.containsKey(peer.node())) {
                Link link = new Link(peer);
                links.put(peer.node(), link);
                metrics.gauge("numreg.consensus.peer.reachable", List.of(Tag.of("peer", peer.registrar())), link,
                        l -> l.reachable ? 1 : 0);
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
            Link link = links.get(message.to());
            if (link != null) {
                link.queue.add(message);
            }
        }
        links.values().forEach(Link::wake);
    }

    /** Opens a peer's answer to a GET (e.g. a snapshot); the caller closes the stream. */
    public InputStream open(int node, String pathAndQuery) throws IOException, InterruptedException {
        Peers.Peer peer = peers.byNode().get(node);
        if (peer == null) {
            throw new IOException("node " + node + " is no known peer");
        }
        HttpRequest request = HttpRequest.newBuilder(peer.url().resolve(pathAndQuery)).timeout(Duration.ofMinutes(5))
                .GET().build();
        HttpResponse<InputStream> response = reads.send(request, HttpResponse.BodyHandlers.ofInputStream());
        if (response.statusCode() != 200) {
            try (InputStream body = response.body()) {
                throw new IOException("peer " + peer.registrar() + " answered HTTP " + response.statusCode() + ": "
                        + new String(body.readNBytes(500), java.nio.charset.StandardCharsets.UTF_8));
            }
        }
        return response.body();
    }

    @Override
    public void close() {
        running.set(false);
        posts.close();
        reads.close();
    }

    /** One peer: its queue, and at most one post in flight (on the link's event loop). */
    private final class Link {
        private final Peers.Peer peer;
        private final String target;
        private final Context context = vertx.getOrCreateContext();
        private final Queue<Message> queue = new ConcurrentLinkedQueue<>();
        private final AtomicBoolean woken = new AtomicBoolean();
        private boolean posting;
        private volatile boolean reachable;

        Link(Peers.Peer peer) {
            this.peer = peer;
            this.target = peer.url().resolve(PATH).toString();
        }

        /** Any thread: have the event loop post what is queued, unless it is about to. */
        void wake() {
            if (!queue.isEmpty() && woken.compareAndSet(false, true)) {
                context.runOnContext(ignored -> post());
            }
        }

        /** Event loop: posts everything queued, if no post is in flight. */
        private void post() {
            woken.set(false);
            if (posting || queue.isEmpty() || !running.get()) {
                return;
            }
            List<Message> batch = new ArrayList<>();
            for (Message message; batch.size() < MAX_BATCH && (message = queue.poll()) != null; ) {
                batch.add(message);
            }
            posting = true;
            postAll(MessageCodec.encodeMessages(batch, MAX_POST_BYTES), 0);
        }

        private void postAll(List<byte[]> bodies, int next) {
            byte[] body = bodies.get(next);
            RequestOptions request = new RequestOptions().setMethod(HttpMethod.POST).setAbsoluteURI(target)
                    .setIdleTimeout(POST_TIMEOUT_MILLIS).putHeader("Content-Type", "application/octet-stream");
            posts.request(request)
                    .compose(r -> r.send(Buffer.buffer(body)))
                    .compose(response -> response.body().map(ignored -> response.statusCode()))
                    .onComplete(answer -> {
                        if (answer.failed()) {
                            unreachable(answer.cause());
                            vertx.setTimer(RETRY_DELAY_MILLIS, ignored -> nextBatch());
                        } else {
                            posted(body.length, answer.result());
                            if (next + 1 < bodies.size()) {
                                postAll(bodies, next + 1);
                            } else {
                                nextBatch();
                            }
                        }
                    });
        }

        /** This batch is done with (posted, or dropped after a failure): on to what gathered meanwhile. */
        private void nextBatch() {
            posting = false;
            post();
        }

        private void posted(int bytes, int status) {
            boolean ok = status / 100 == 2;
            if (!ok && reachable) {
                LOG.warnf("peer %s refused %d bytes of messages: HTTP %d", peer.registrar(), bytes, status);
            }
            markReachable(ok);
        }

        private void unreachable(Throwable cause) {
            if (reachable) {
                LOG.warnf("peer %s unreachable at %s: %s", peer.registrar(), target, cause.toString());
            }
            markReachable(false);
        }

        private void markReachable(boolean now) {
            boolean before = reachable;
            reachable = now;
            if (now && !before) {
                LOG.infof("peer %s reachable", peer.registrar());
            }
        }
    }
}
