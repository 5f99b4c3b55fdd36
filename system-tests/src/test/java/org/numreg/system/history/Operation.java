package org.numreg.system.history;

/**
 * One write a client asked a registrar for, as the client saw it: invoked at one moment, then
 * answered ok (with the log position), refused (the log rejected it), or unknown (a timeout, a
 * lost connection, a 503: it may or may not have happened). Times are the client's nanoTime.
 *
 * @param number   the number it is about; for an allocation of any free number, the one it got
 *                 (null until then, and for an unknown one until the log resolves it)
 * @param ocn      the OCN asking (allocate, release) or gaining (port)
 * @param position the log position of an ok answer (or of an unknown one's effect, once resolved), else -1
 */
public record Operation(int id, String registrar, Kind kind, String number, String prefix, String ocn,
                        String commandId, long invoked, long completed, Outcome outcome, long position) {

    public enum Kind { ALLOCATE, ALLOCATE_ANY, RELEASE, PORT }

    public enum Outcome { OK, REFUSED, UNKNOWN }

    /** Never answered: for the order of operations it ends after everything. */
    public static final long NEVER = Long.MAX_VALUE;

    /** An unknown one that took effect: on {@code number}, at {@code position}. */
    Operation resolvedTo(String number, long position) {
        return new Operation(id, registrar, kind, number, prefix, ocn, commandId, invoked, completed, outcome, position);
    }

    /** Whether this one was answered before {@code other} was asked for (real-time order). */
    boolean precedes(Operation other) {
        return completed < other.invoked;
    }

    @Override
    public String toString() {
        return "#" + id + " " + kind + (number == null ? " under " + prefix : " " + number) + " for " + ocn
                + " at " + registrar + " (" + commandId + "): " + outcome + (position >= 0 ? " at " + position : "");
    }
}
