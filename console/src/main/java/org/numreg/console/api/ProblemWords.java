package org.numreg.console.api;

import java.util.Map;

/** What each of the registry's refusals means to the person who asked, before its technical detail. */
final class ProblemWords {

    private static final Map<String, String> BY_REASON = Map.ofEntries(
            Map.entry("NUMBER_TAKEN", "Taken by another carrier a moment ago."),
            Map.entry("BLOCK_TAKEN", "That thousands-block is taken already."),
            Map.entry("VERSION_MOVED", "Someone changed this number since you opened it: reload and try again."),
            Map.entry("NO_FREE_NUMBER", "No free number is left under that prefix."),
            Map.entry("OCN_EXISTS", "That OCN is registered already."),
            Map.entry("RANGE_OVERLAPS", "That range overlaps one that is open."),
            Map.entry("PORT_PENDING", "The number has a scheduled port: cancel it first."),
            Map.entry("RANGE_NOT_OPEN", "No open range holds that number."),
            Map.entry("NOT_HOLDER", "Your OCN does not hold that number."),
            Map.entry("PIN_NOT_SET", "The number has no PIN yet: its carrier sets one first."),
            Map.entry("PORT_PROTECTED", "The number is protected against ports."),
            Map.entry("SAME_OCN", "The number is with that OCN already."),
            Map.entry("NOT_NANP", "That is not a North American number."),
            Map.entry("DUE_TIME_PASSED", "The port's due time has passed."),
            Map.entry("PIN_LOCKED", "Too many wrong PINs: the number takes none for a while."),
            Map.entry("WRONG_PIN", "Wrong PIN."),
            Map.entry("UNKNOWN_OCN", "No such OCN."),
            Map.entry("UNKNOWN_NUMBER", "That number is not allocated."),
            Map.entry("UNKNOWN_RANGE", "No such range."),
            Map.entry("UNKNOWN_PORT", "The number has no scheduled port."));

    private static final Map<Integer, String> BY_STATUS = Map.of(
            400, "Please check what you entered.",
            401, "Your session ended: sign in again.",
            403, "You may not do that.",
            404, "Not found.",
            409, "Someone else got there first.",
            422, "The registry's rules do not allow that.",
            429, "Too many attempts: wait a little and try again.",
            503, "The registry could not answer in time: try again.");

    private ProblemWords() {
    }

    static String headline(ApiProblem problem) {
        if (problem.reason() != null && BY_REASON.containsKey(problem.reason())) {
            return BY_REASON.get(problem.reason());
        }
        return BY_STATUS.getOrDefault(problem.status(), problem.title());
    }
}
