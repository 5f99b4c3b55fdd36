package org.numreg.system.history;

/**
 * A read of a number at a registrar that was asked to wait for a position (minPosition): what
 * holder it showed (null: free) and the position its answer reflects.
 */
public record Read(String registrar, String number, long minPosition, String holder, long position) {
}
