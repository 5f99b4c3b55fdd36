package org.numreg.system.history;

/**
 * A read of a number at a registrar that was asked to wait for a position (minPosition): the
 * holder it showed (null: not allocated), the position the answer said it reflects (read before
 * the record, so the record may be newer) and the position that last changed the record it
 * showed (-1 when it showed none).
 */
public record Read(String registrar, String number, long minPosition, String holder, long position, long lastChange) {
}
