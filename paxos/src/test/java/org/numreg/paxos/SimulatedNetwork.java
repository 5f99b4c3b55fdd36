package org.numreg.paxos;

import java.util.HashSet;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * A network driven by a seeded random source: it loses, duplicates, delays and so reorders
 * messages, and honours partitions (symmetric or one-way) between nodes.
 */
final class SimulatedNetwork implements Cluster.Network {

    private record InFlight(long deliverAt, long order, Message message) {
    }

    private final SplittableRandom random;
    private final PriorityQueue<InFlight> queue = new PriorityQueue<>((a, b) ->
            a.deliverAt != b.deliverAt ? Long.compare(a.deliverAt, b.deliverAt) : Long.compare(a.order, b.order));
    private final Set<Long> blocked = new HashSet<>();
    double loss;
    double duplication;
    int maxDelay = 1;
    /** Some messages are held far longer than usual: an old leader's ACCEPT arriving after a new leader's PREPARE. */
    double longDelay;
    int longDelayTicks = 1;
    /** What a message becomes on its way: itself, unless a test plants a bug (PlantedBugsTest). */
    java.util.function.Function<Message, java.util.List<Message>> tamper = java.util.List::of;
    long now;
    long sent;
    long dropped;

    SimulatedNetwork(SplittableRandom random) {
        this.random = random;
    }

    @Override
    public void send(Message message) {
        sent++;
        if (isBlocked(message.from(), message.to()) || random.nextDouble() < loss) {
            dropped++;
            return;
        }
        for (Message delivered : tamper.apply(message)) {
            enqueue(delivered);
            if (random.nextDouble() < duplication) {
                enqueue(delivered);
            }
        }
    }

    private void enqueue(Message message) {
        int delay = 1 + random.nextInt(maxDelay);
        if (random.nextDouble() < longDelay) {
            delay += random.nextInt(longDelayTicks);
        }
        // A random order within the same delivery tick reorders messages too.
        queue.add(new InFlight(now + delay, random.nextLong(), message));
    }

    /** The next message due by {@code time}, or null; messages on a link cut meanwhile are lost. */
    Message nextDue(long time) {
        while (!queue.isEmpty() && queue.peek().deliverAt <= time) {
            Message message = queue.poll().message;
            if (!isBlocked(message.from(), message.to())) {
                return message;
            }
            dropped++;
        }
        return null;
    }

    /** Holds a message for a node that cannot take it yet (frozen) until {@code time}. */
    void defer(Message message, long time) {
        queue.add(new InFlight(time, random.nextLong(), message));
    }

    /** Loses each queued message of {@code node} with probability {@code share}: it reached only some peers. */
    void loseSomeFrom(int node, double share) {
        int before = queue.size();
        queue.removeIf(m -> m.message.from() == node && random.nextDouble() < share);
        dropped += before - queue.size();
    }

    void cut(int from, int to) {
        blocked.add(link(from, to));
    }

    void heal() {
        blocked.clear();
    }

    boolean isBlocked(int from, int to) {
        return blocked.contains(link(from, to));
    }

    int inFlight() {
        return queue.size();
    }

    private static long link(int from, int to) {
        return ((long) from << 32) | (to & 0xffffffffL);
    }
}
