package org.numreg.bench;

import org.numreg.paxos.Config;
import org.numreg.paxos.MemoryStorage;
import org.numreg.paxos.Membership;
import org.numreg.paxos.Message;
import org.numreg.paxos.Node;
import org.numreg.paxos.Options;
import org.numreg.paxos.Proposal;
import org.numreg.paxos.Ready;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Decided values per second of three in-memory Paxos nodes in one thread: every message is
 * delivered, every Ready persisted (in memory) and applied. Measures the core's own cost, not
 * the network's or the disk's. {@code maxBatch} 1 turns batching off.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PaxosThroughput {

    static final int VALUES = 10_000;

    @Param({"1", "64"})
    int maxBatch;

    private final Map<Integer, Node> nodes = new HashMap<>();
    private final Map<Integer, MemoryStorage> disks = new HashMap<>();
    private final ArrayDeque<Message> network = new ArrayDeque<>();
    private long decided;
    private long sequence;
    private final byte[] payload = new byte[100];

    @Setup
    public void electLeader() {
        Config config = Config.of(1, 2, 3);
        for (int id = 1; id <= 3; id++) {
            Options options = Options.defaults(id, id).withTicks(2, 20, 30).withMaxInflight(16).withMaxBatch(maxBatch);
            disks.put(id, new MemoryStorage(Membership.initial(config)));
            nodes.put(id, Node.restart(options, disks.get(id), 0));
        }
        nodes.get(1).campaign();
        handle(nodes.get(1));
        drain();
        if (nodes.get(1).role() != Node.Role.LEADER) {
            throw new IllegalStateException("no leader");
        }
    }

    @Benchmark
    @OperationsPerInvocation(VALUES)
    public long decide() {
        long target = decided + VALUES;
        Node leader = nodes.get(1);
        for (int i = 0; i < VALUES; i++) {
            leader.propose(new Proposal(Long.toString(sequence++), payload));
            handle(leader);
        }
        while (decided < target) {
            if (network.isEmpty()) {
                nodes.values().forEach(n -> {
                    n.tick(0);
                    handle(n);
                });
            }
            drain();
        }
        return decided;
    }

    private void drain() {
        while (!network.isEmpty()) {
            Message message = network.poll();
            Node node = nodes.get(message.to());
            node.step(message);
            handle(node);
        }
    }

    private void handle(Node node) {
        while (node.hasReady()) {
            Ready ready = node.ready();
            disks.get(node.id()).save(ready);
            network.addAll(ready.messages());
            if (node.id() == 1) {
                for (var decision : ready.decided()) {
                    if (decision.value() instanceof org.numreg.paxos.Value.Batch batch) {
                        decided += batch.proposals().size();
                    }
                }
            }
            node.advance(ready);
        }
    }
}
