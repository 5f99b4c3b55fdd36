package org.numreg.paxos;

/**
 * A node's settings. Time is counted in ticks of the caller's clock (the caller decides how long
 * a tick is; the consensus-service uses 50 ms).
 *
 * @param id              this node
 * @param heartbeatTicks  how often a leader announces itself and renews its window
 * @param windowTicks     the leadership window an acceptor grants with each promise (and renews
 *                        with each ACCEPT/COMMIT of that ballot); meanwhile it refuses other
 *                        ballots' PREPAREs
 * @param electionTicks   a follower that hears no leader for a random time in
 *                        [electionTicks, 2 × electionTicks) campaigns
 * @param maxInflight     slots a leader may have proposed beyond the highest contiguous decided
 *                        one (pipelining); also the delay after which a reconfiguration governs
 * @param maxBatch        proposals per slot (1 turns batching off)
 * @param maxValueBytes   a slot's batch, and a LEARN's decided slots, stop growing once their
 *                        proposals weigh this many bytes (ids and payloads; at least one each): it
 *                        bounds what one message carries, so that a transport can bound it too
 * @param maxLearnBatch   decided slots per LEARN message
 * @param maxPromiseLag   a PREPARE from a node that lags more decided slots than this is refused
 *                        (BEHIND) so that it learns first instead of receiving them in promises
 * @param seed            the only source of randomness (election timeouts)
 */
public record Options(int id, int heartbeatTicks, int windowTicks, int electionTicks, int maxInflight,
                      int maxBatch, long maxValueBytes, int maxLearnBatch, int maxPromiseLag, long seed) {

    public Options {
        if (id <= 0) {
            throw new IllegalArgumentException("node ids are positive: " + id);
        }
        if (!(0 < heartbeatTicks && heartbeatTicks < windowTicks && windowTicks < electionTicks)) {
            throw new IllegalArgumentException(
                    "need 0 < heartbeatTicks < windowTicks < electionTicks: " + heartbeatTicks + ", "
                            + windowTicks + ", " + electionTicks);
        }
        if (maxInflight < 1 || maxBatch < 1 || maxValueBytes < 1 || maxLearnBatch < 1 || maxPromiseLag < 0) {
            throw new IllegalArgumentException("maxInflight, maxBatch, maxValueBytes and maxLearnBatch must be positive");
        }
    }

    /** 256 KiB: a slot's batch of a few hundred registry commands. */
    public static final long DEFAULT_VALUE_BYTES = 256 * 1024;

    /**
     * Settings that suit a WAN of fewer than 20 registrars with a 50 ms tick — the
     * consensus-service's defaults too (its ConsensusConfig): change them by name, with the
     * {@code with…} methods.
     */
    public static Options defaults(int id, long seed) {
        return new Options(id, 5, 20, 30, 4, 512, DEFAULT_VALUE_BYTES, 64, 512, seed);
    }

    /** Heartbeat, leadership window and election timeout, in ticks. */
    public Options withTicks(int heartbeat, int window, int election) {
        return new Options(id, heartbeat, window, election, maxInflight, maxBatch, maxValueBytes, maxLearnBatch,
                maxPromiseLag, seed);
    }

    public Options withMaxInflight(int slots) {
        return new Options(id, heartbeatTicks, windowTicks, electionTicks, slots, maxBatch, maxValueBytes,
                maxLearnBatch, maxPromiseLag, seed);
    }

    public Options withMaxBatch(int proposals) {
        return new Options(id, heartbeatTicks, windowTicks, electionTicks, maxInflight, proposals, maxValueBytes,
                maxLearnBatch, maxPromiseLag, seed);
    }

    public Options withMaxValueBytes(long bytes) {
        return new Options(id, heartbeatTicks, windowTicks, electionTicks, maxInflight, maxBatch, bytes,
                maxLearnBatch, maxPromiseLag, seed);
    }

    public Options withMaxLearnBatch(int slots) {
        return new Options(id, heartbeatTicks, windowTicks, electionTicks, maxInflight, maxBatch, maxValueBytes,
                slots, maxPromiseLag, seed);
    }

    public Options withMaxPromiseLag(int slots) {
        return new Options(id, heartbeatTicks, windowTicks, electionTicks, maxInflight, maxBatch, maxValueBytes,
                maxLearnBatch, slots, seed);
    }

    public Options withSeed(long seed) {
        return new Options(id, heartbeatTicks, windowTicks, electionTicks, maxInflight, maxBatch, maxValueBytes,
                maxLearnBatch, maxPromiseLag, seed);
    }
}
