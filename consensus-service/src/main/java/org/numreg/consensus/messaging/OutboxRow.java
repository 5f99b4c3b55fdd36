package org.numreg.consensus.messaging;

/** One event of the outbox: the {@code index}-th event of log position {@code position}, as published. */
public record OutboxRow(long position, int index, byte[] payload) {
}
