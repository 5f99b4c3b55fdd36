package org.numreg.paxos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * One seeded run: a cluster under faults (loss, duplication, delay and reordering, symmetric
 * and one-way partitions, crashes at any point of handling a Ready, restarts from disk,
 * simultaneous campaigns, compaction and snapshot transfer, membership changes), then healed
 * and checked for liveness. Everything follows from the seed: the same seed replays the run.
 */
final class Simulation {

    /** What a seed chose to exercise. */
    /**
     * What a seed chose to exercise. With {@code freezes}, nodes stop for a while and resume
     * with their clocks behind (a paused process): that breaks the timing the leadership window
     * relies on, so the single-window-holder check is off, but agreement must still hold —
     * Paxos' safety never depends on timing.
     */
    record Scenario(long seed, int nodes, int maxBatch, boolean reconfigures, boolean freezes, int faultSteps) {
        static Scenario of(long seed) {
            SplittableRandom random = new SplittableRandom(seed);
            int nodes = random.nextBoolean() ? 3 : 5;
            int maxBatch = random.nextInt(3) == 0 ? 1 : 8;
            boolean reconfigures = random.nextInt(3) == 0;
            boolean freezes = random.nextInt(3) == 0;
            return new Scenario(seed, nodes, maxBatch, reconfigures, freezes, 1500 + random.nextInt(1500));
        }
    }

    record Result(Scenario scenario, long steps, long ticks, long decided, long livenessTicks,
                  long messages, long dropped, int crashes) {
    }

    static final int LIVENESS_BOUND_TICKS = 1500;

    private final Scenario scenario;
    private final SplittableRandom random;
    private final SimulatedNetwork network;
    private final Cluster cluster;
    private final Map<Integer, Long> clockOffsets = new HashMap<>();
    /** Proposals whose origin has not crashed since: they must be decided in the end. */
    private final Map<String, Integer> mustDecide = new HashMap<>();
    private long time;
    private long steps;
    private int crashes;
    private int nextProposal;
    private int nextNode;
    private boolean faults = true;
    /** A stormy run crashes, bounces and isolates leaders far more often. */
    private boolean stormy;
    private final Map<Integer, Long> restartAt = new HashMap<>();
    private final Map<Integer, Long> frozenUntil = new HashMap<>();

    Simulation(Scenario scenario) {
        this.scenario = scenario;
        this.random = new SplittableRandom(scenario.seed() ^ 0x5DEECE66DL);
        this.network = new SimulatedNetwork(random.split());
        Integer[] ids = new Integer[scenario.nodes()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i + 1;
        }
        this.nextNode = ids.length + 1;
        this.cluster = new Cluster(Config.of(ids), this::options);
        cluster.network = network;
        cluster.crashes = member -> {
            if (faults && random.nextInt(400) == 0) {
                crashes++;
                forgetPending(member.id);
                return Cluster.CrashPoint.values()[1 + random.nextInt(3)];
            }
            return Cluster.CrashPoint.NONE;
        };
        cluster.onSnapshotNeeded = this::transferSnapshot;
        network.loss = random.nextDouble() * 0.15;
        network.duplication = random.nextDouble() * 0.08;
        network.maxDelay = 1 + random.nextInt(6);
        network.longDelay = random.nextInt(3) == 0 ? 0 : random.nextDouble() * 0.05;
        network.longDelayTicks = 60;
        stormy = random.nextInt(4) == 0;
    }

    /** Plants a bug in the nodes' surroundings (PlantedBugsTest): the run must then find a violation. */
    Simulation planting(java.util.function.Consumer<Cluster> bug) {
        bug.accept(cluster);
        return this;
    }

    /** Small enough that batches and LEARNs are cut by bytes as often as by count. */
    private static final long VALUE_BYTES = 40;

    private Options options(int id) {
        return Options.defaults(id, scenario.seed() * 1000 + id).withTicks(2, 10, 20).withMaxBatch(scenario.maxBatch())
                .withMaxValueBytes(VALUE_BYTES).withMaxLearnBatch(8).withMaxPromiseLag(64);
    }

    Result run() {
        while (steps < scenario.faultSteps()) {
            injectFaults();
            advanceTime();
        }
        heal();
        long healedAt = time;
        List<String> fresh = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            fresh.add(proposeSomewhere());
        }
        while (!converged(fresh)) {
            if (time - healedAt > LIVENESS_BOUND_TICKS) {
                throw new Invariants.Violation("liveness: not converged " + LIVENESS_BOUND_TICKS
                        + " ticks after healing: " + describe(fresh));
            }
            if (random.nextInt(50) == 0) {
                compactSomewhere();
            }
            advanceTime();
        }
        return new Result(scenario, steps, time, cluster.invariants.chosen.size(), time - healedAt,
                network.sent, network.dropped, crashes);
    }

    /** One tick: every live node ticks, then the messages due are delivered. */
    private void advanceTime() {
        time++;
        network.now = time;
        frozenUntil.values().removeIf(until -> until <= time);
        for (Cluster.Member member : cluster.up()) {
            if (!frozenUntil.containsKey(member.id)) {
                cluster.tick(member, time * 10 + clockOffsets.computeIfAbsent(member.id, id -> random.nextLong(-500, 500)));
                steps++;
            }
        }
        checkInstant();
        for (Message message; (message = network.nextDue(time)) != null; ) {
            Long frozen = frozenUntil.get(message.to());
            if (frozen != null) {
                // Most of what reaches a paused process is lost (its connections time out).
                if (random.nextInt(10) == 0) {
                    network.defer(message, frozen);
                }
                continue;
            }
            cluster.deliver(message);
            steps++;
            checkInstant();
        }
    }

    private void checkInstant() {
        if (!scenario.freezes()) {
            cluster.checkInstant(time);
        }
    }

    private void injectFaults() {
        restartAt.entrySet().removeIf(e -> {
            if (e.getValue() <= time) {
                cluster.restart(e.getKey());
                return true;
            }
            return false;
        });
        int dice = random.nextInt(stormy ? 300 : 1000);
        List<Cluster.Member> up = cluster.up();
        if (stormy && dice < 12 && up.size() > 1) {
            // Bounce a node: crash and restart within a leadership window.
            Cluster.Member victim = up.get(random.nextInt(up.size()));
            cluster.crash(victim.id);
            forgetPending(victim.id);
            crashes++;
            restartAt.put(victim.id, time + 1 + random.nextInt(8));
            return;
        }
        if (stormy && dice < 20) {
            isolateLeader();
            return;
        }
        if (scenario.freezes() && dice >= 990 && !up.isEmpty()) {
            // Pause a node (the leader, mostly), whose last messages reached only some peers: it
            // resumes, long after another leader took over, with its clock behind.
            Cluster.Member victim = up.stream().filter(m -> m.node.role() == Node.Role.LEADER).findAny()
                    .filter(m -> random.nextInt(4) != 0).orElse(up.get(random.nextInt(up.size())));
            network.loseSomeFrom(victim.id, random.nextDouble());
            frozenUntil.put(victim.id, time + 5 + random.nextInt(100));
            return;
        }
        if (dice < 120 && !up.isEmpty() && up.stream().anyMatch(m -> latestMembership().isMember(m.id))) {
            proposeSomewhere();
        } else if (dice < 128 && up.size() > 1) {
            Cluster.Member victim = up.get(random.nextInt(up.size()));
            cluster.crash(victim.id);
            forgetPending(victim.id);
            crashes++;
        } else if (dice < 145) {
            cluster.members().stream().filter(m -> !m.isUp()).findAny().ifPresent(m -> cluster.restart(m.id));
        } else if (dice < 150) {
            partition();
        } else if (dice < 156) {
            network.heal();
        } else if (dice < 158) {
            // Everybody campaigns at once: the duel the leadership window must settle.
            up.forEach(m -> cluster.campaign(m.id));
        } else if (dice < 170) {
            compactSomewhere();
        } else if (dice < 172 && scenario.reconfigures()) {
            reconfigure();
        }
    }

    /** Cuts the current leader off from everyone or from one follower, in one direction or both. */
    private void isolateLeader() {
        cluster.up().stream().filter(m -> m.node.role() == Node.Role.LEADER).findAny().ifPresent(leader -> {
            boolean both = random.nextBoolean();
            List<Cluster.Member> others = cluster.members().stream().filter(m -> m.id != leader.id).toList();
            if (random.nextBoolean() && !others.isEmpty()) {
                others = List.of(others.get(random.nextInt(others.size())));
            }
            for (Cluster.Member other : others) {
                network.cut(leader.id, other.id);
                if (both) {
                    network.cut(other.id, leader.id);
                }
            }
        });
    }

    private void partition() {
        List<Cluster.Member> all = cluster.members();
        if (random.nextBoolean()) {
            Set<Integer> side = new HashSet<>();
            all.forEach(m -> {
                if (random.nextBoolean()) {
                    side.add(m.id);
                }
            });
            for (Cluster.Member a : all) {
                for (Cluster.Member b : all) {
                    if (side.contains(a.id) != side.contains(b.id)) {
                        network.cut(a.id, b.id);
                    }
                }
            }
        } else {
            Cluster.Member a = all.get(random.nextInt(all.size()));
            Cluster.Member b = all.get(random.nextInt(all.size()));
            network.cut(a.id, b.id);
        }
    }

    /** Proposes at a live member: a node outside the membership has no leader to forward to. */
    private String proposeSomewhere() {
        Config latest = latestMembership();
        List<Cluster.Member> up = cluster.up().stream().filter(m -> latest.isMember(m.id)).toList();
        Cluster.Member origin = up.get(random.nextInt(up.size()));
        String id = "p" + nextProposal++;
        mustDecide.put(id, origin.id);
        cluster.propose(origin.id, new Proposal(id, id.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        return id;
    }

    private void forgetPending(int node) {
        mustDecide.values().removeIf(origin -> origin == node);
    }

    private void compactSomewhere() {
        List<Cluster.Member> up = cluster.up();
        if (!up.isEmpty()) {
            cluster.compact(up.get(random.nextInt(up.size())), 5 + random.nextInt(20));
        }
    }

    /** Adds a new node as a learner (promoted once caught up), or removes a member. */
    private void reconfigure() {
        List<Cluster.Member> up = cluster.up();
        if (up.isEmpty()) {
            return;
        }
        Cluster.Member asker = up.get(random.nextInt(up.size()));
        Config latest = asker.node.membership().latest();
        String id = "r" + nextProposal++;
        Proposal cause = new Proposal(id, id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Reconfiguration.Change change;
        if (random.nextBoolean() || latest.voters().size() <= 3) {
            int node = nextNode++;
            cluster.addNode(node, options(node));
            change = new Reconfiguration.Change.AddLearner(node);
        } else {
            List<Integer> members = List.copyOf(latest.members());
            change = new Reconfiguration.Change.Remove(members.get(random.nextInt(members.size())));
        }
        mustDecide.put(id, asker.id);
        cluster.reconfigure(asker.id, new Reconfiguration(cause, change));
    }

    private void transferSnapshot(Cluster.Member needy, Ready.SnapshotNeeded needed) {
        Cluster.Member source = cluster.members().stream()
                .filter(m -> m.app.snapshotSlot >= needed.slot())
                .max(java.util.Comparator.comparingLong(m -> m.app.snapshotSlot))
                .orElse(null);
        if (source != null) {
            cluster.transferSnapshot(source, needy);
        }
    }

    private void heal() {
        faults = false;
        frozenUntil.clear();
        network.heal();
        network.loss = 0;
        network.duplication = 0;
        network.maxDelay = Math.min(network.maxDelay, 2);
        cluster.members().stream().filter(m -> !m.isUp()).forEach(m -> cluster.restart(m.id));
    }

    private boolean converged(List<String> fresh) {
        Set<String> decided = decidedIds();
        if (!decided.containsAll(fresh) || !decided.containsAll(liveOrigins())) {
            return false;
        }
        long highest = cluster.invariants.chosen.isEmpty() ? 0 : cluster.invariants.chosen.lastKey();
        return cluster.members().stream()
                .filter(m -> latestMembership().isMember(m.id))
                .allMatch(m -> m.app.appliedThrough == highest);
    }

    private Set<String> liveOrigins() {
        Config latest = latestMembership();
        Set<String> ids = new HashSet<>();
        mustDecide.forEach((id, origin) -> {
            if (latest.isMember(origin)) {
                ids.add(id);
            }
        });
        return ids;
    }

    /** The latest membership known to the most advanced live node. */
    private Config latestMembership() {
        return cluster.up().stream().max(java.util.Comparator.comparingLong(m -> m.node.decidedThrough()))
                .map(m -> m.node.membership().latest()).orElseThrow();
    }

    private Set<String> decidedIds() {
        Set<String> ids = new HashSet<>();
        for (Value value : cluster.invariants.chosen.values()) {
            switch (value) {
                case Value.Batch batch -> batch.proposals().forEach(p -> ids.add(p.id()));
                case Value.Reconfigure reconfigure -> {
                    if (reconfigure.cause() != null) {
                        ids.add(reconfigure.cause().id());
                    }
                }
                case Value.Noop noop -> {
                }
            }
        }
        return ids;
    }

    private String describe(List<String> fresh) {
        StringBuilder out = new StringBuilder();
        Set<String> decided = decidedIds();
        out.append("undecided fresh ").append(fresh.stream().filter(id -> !decided.contains(id)).toList());
        out.append(", undecided live ").append(liveOrigins().stream().filter(id -> !decided.contains(id)).sorted().limit(10).toList());
        out.append(", chosen through ").append(cluster.invariants.chosen.isEmpty() ? 0 : cluster.invariants.chosen.lastKey());
        for (Cluster.Member m : cluster.members()) {
            out.append("\n  node ").append(m.id).append(m.isUp() ? "" : " DOWN")
                    .append(" applied ").append(m.app.appliedThrough);
            if (m.isUp()) {
                out.append(" ").append(m.node.role()).append(" leader ").append(m.node.leader())
                        .append(" promised ").append(m.node.promised()).append(" membership ")
                        .append(m.node.membership());
            }
        }
        return out.toString();
    }
}
