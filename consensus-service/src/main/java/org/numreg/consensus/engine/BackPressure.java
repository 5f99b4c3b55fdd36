package org.numreg.consensus.engine;

import io.micrometer.core.instrument.MeterRegistry;
import org.jboss.logging.Logger;
import org.numreg.paxos.Decision;
import org.numreg.paxos.Value;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether this registrar talks to its peers. Not while it holds more decided commands than
 * {@code max-unapplied} bytes before applying them (its Kafka is down), until it has applied half
 * of them; nor while a snapshot it needs waits for Kafka — its log could then only fill with
 * slots decided out of order. Meanwhile the loop sends nothing, takes no peer messages and does
 * not tick, as if cut off, and the others go on without it.
 */
final class BackPressure {

    private static final Logger LOG = Logger.getLogger(BackPressure.class);

    /** The bytes of decided commands handed to the applier and not yet applied. */
    private final AtomicLong unapplied = new AtomicLong();
    private final long maxUnapplied;
    private volatile boolean snapshotWaits;
    private volatile boolean talking = true;

    BackPressure(long maxUnapplied, MeterRegistry metrics) {
        this.maxUnapplied = maxUnapplied;
        metrics.gauge("numreg.consensus.unapplied.bytes", unapplied);
        metrics.gauge("numreg.consensus.cut.off", this, b -> b.talking ? 0 : 1);
    }

    /** Decisions handed to the applier (loop thread). */
    void held(List<Decision> decisions) {
        unapplied.addAndGet(weightOf(decisions));
    }

    /** Decisions applied (applier thread). */
    void released(List<Decision> decisions) {
        unapplied.addAndGet(-weightOf(decisions));
    }

    /** A snapshot this registrar needs waits until Kafka takes what precedes it (applier thread). */
    void snapshotWaits(boolean waits) {
        snapshotWaits = waits;
    }

    /** Decides again whether to talk, from what is held now (loop thread). */
    void reconsider() {
        long held = unapplied.get();
        boolean waits = snapshotWaits;
        if (talking && (held > maxUnapplied || waits)) {
            talking = false;
            String until = waits ? "Kafka is back and a snapshot installed" : "half of them are applied";
            LOG.warnf("not talking to the peers until %s: %d bytes of decided commands not yet applied"
                    + " (max-unapplied %d)", until, held, maxUnapplied);
        } else if (!talking && !waits && held <= maxUnapplied / 2) {
            talking = true;
            LOG.infof("talking to the peers again: %d bytes of decided commands not yet applied", held);
        }
    }

    /** As last decided by {@link #reconsider()}. */
    boolean talking() {
        return talking;
    }

    private static long weightOf(List<Decision> decisions) {
        return decisions.stream().mapToLong(d -> Value.sizeOf(d.value())).sum();
    }
}
