package org.numreg.paxos;

/** A decided slot. */
public record Decision(long slot, Value value) {
}
