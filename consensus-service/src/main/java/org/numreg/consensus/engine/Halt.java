package org.numreg.consensus.engine;

import org.jboss.logging.Logger;

/**
 * A failure after which the node's memory may be ahead of its disk (persisting or applying
 * failed, even out of memory): only a restart from what is durable is safe.
 */
final class Halt {

    private static final Logger LOG = Logger.getLogger(Halt.class);

    private Halt() {
    }

    /** Stops the process at once; it restarts from what is durable. */
    static void process(Throwable cause, String what) {
        try {
            LOG.fatalf(cause, "%s; stopping the process to restart from what is durable", what);
        } finally {
            Runtime.getRuntime().halt(70);
        }
    }
}
