package org.numreg.consensus.engine;

import org.numreg.paxos.Decision;
import org.numreg.paxos.Ready;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What the loop thread hands the applier thread, in order: decided slots, or a snapshot to fetch
 * and install (one at a time: the node asks again while it still needs one).
 */
final class Handoff {

    sealed interface Work {
    }

    record Decided(List<Decision> decisions) implements Work {
    }

    record SnapshotWanted(Ready.SnapshotNeeded need) implements Work {
    }

    private final LinkedBlockingQueue<Work> queue = new LinkedBlockingQueue<>();
    private final AtomicBoolean snapshotWanted = new AtomicBoolean();
    private final BackPressure backPressure;

    Handoff(BackPressure backPressure) {
        this.backPressure = backPressure;
    }

    /** Loop thread. */
    void decided(List<Decision> decisions) {
        backPressure.held(decisions);
        queue.add(new Decided(decisions));
    }

    /** Loop thread: ignored while an earlier one is being installed. */
    void snapshotNeeded(Ready.SnapshotNeeded need) {
        if (snapshotWanted.compareAndSet(false, true)) {
            queue.add(new SnapshotWanted(need));
        }
    }

    /** Applier thread: the snapshot asked for is installed, or failed. */
    void snapshotDone() {
        snapshotWanted.set(false);
    }

    /** Applier thread: everything handed over, waiting at most {@code wait} for the first. */
    List<Work> take(Duration wait) throws InterruptedException {
        List<Work> work = new ArrayList<>();
        Work first = queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        if (first != null) {
            work.add(first);
            queue.drainTo(work);
        }
        return work;
    }
}
