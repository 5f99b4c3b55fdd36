package org.numreg.registry.domain;

/** A thousands-block assigned to an OCN: only it allocates the numbers in it. */
public record BlockRecord(Block block, Ocn ocn) {
}
