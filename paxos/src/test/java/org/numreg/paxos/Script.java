package org.numreg.paxos;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;

/**
 * A {@link Cluster} whose network the test drives message by message, to replay the classic
 * interleavings exactly.
 */
final class Script implements Cluster.Network {

    static final int HEARTBEAT = 2;
    static final int WINDOW = 10;
    static final int ELECTION = 20;
    static final int INFLIGHT = 4;

    final Cluster cluster;
    final List<Message> inFlight = new ArrayList<>();
    long time;

    Script(int nodes, int maxBatch) {
        this(nodes, maxBatch, 0);
    }

    /** {@code seed} varies the nodes' random election timeouts (0: each node's id). */
    Script(int nodes, int maxBatch, long seed) {
        Integer[] ids = new Integer[nodes];
        for (int i = 0; i < nodes; i++) {
            ids[i] = i + 1;
        }
        cluster = new Cluster(Config.of(ids), id -> options(id, maxBatch, seed * 100 + id));
        cluster.network = this;
    }

    static Options options(int id, int maxBatch) {
        return options(id, maxBatch, id);
    }

    static Options options(int id, int maxBatch, long seed) {
        return Options.defaults(id, seed).withTicks(HEARTBEAT, WINDOW, ELECTION).withMaxInflight(INFLIGHT)
                .withMaxBatch(maxBatch).withMaxLearnBatch(8).withMaxPromiseLag(64);
    }

    @Override
    public void send(Message message) {
        inFlight.add(message);
    }

    Node node(int id) {
        return cluster.node(id);
    }

    static Proposal value(String id) {
        return new Proposal(id, id.getBytes(StandardCharsets.UTF_8));
    }

    /** Delivers messages (and those they cause) until none is left. */
    void deliverAll() {
        deliverWhile(m -> true);
    }

    /** Delivers matching messages, and matching ones they cause; drops nothing. */
    void deliverWhile(Predicate<Message> which) {
        boolean delivered = true;
        while (delivered) {
            delivered = false;
            for (Iterator<Message> it = inFlight.iterator(); it.hasNext(); ) {
                Message message = it.next();
                if (which.test(message)) {
                    it.remove();
                    cluster.deliver(message);
                    delivered = true;
                    break;
                }
            }
        }
    }

    /** Loses the matching messages now in flight. */
    void drop(Predicate<Message> which) {
        inFlight.removeIf(which);
    }

    void tick(int ticks) {
        for (int i = 0; i < ticks; i++) {
            time++;
            for (Cluster.Member member : cluster.up()) {
                cluster.tick(member, time);
            }
            cluster.checkInstant(time);
        }
    }

    /** Ticks and delivers everything, tick by tick. */
    void run(int ticks) {
        for (int i = 0; i < ticks; i++) {
            tick(1);
            deliverAll();
        }
    }

    void elect(int id) {
        cluster.campaign(id);
        deliverAll();
        if (node(id).role() != Node.Role.LEADER) {
            throw new AssertionError("node " + id + " did not become leader: " + node(id).role());
        }
    }

    int leader() {
        return cluster.up().stream().filter(m -> m.node.role() == Node.Role.LEADER)
                .mapToInt(m -> m.id).findFirst().orElse(0);
    }

    /** What node {@code id}'s application applied in {@code slot}. */
    Value applied(int id, long slot) {
        return cluster.member(id).app.applied.get(slot);
    }

    long appliedThrough(int id) {
        return cluster.member(id).app.appliedThrough;
    }

    static Predicate<Message> from(int node) {
        return m -> m.from() == node;
    }

    static Predicate<Message> to(int node) {
        return m -> m.to() == node;
    }

    static Predicate<Message> ofType(Class<? extends Message> type) {
        return type::isInstance;
    }

    static boolean holds(Value value, String proposalId) {
        return value instanceof Value.Batch batch && batch.proposals().stream().anyMatch(p -> p.id().equals(proposalId));
    }
}
