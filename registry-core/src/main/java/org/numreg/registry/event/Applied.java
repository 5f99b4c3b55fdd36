package org.numreg.registry.event;

import org.numreg.registry.domain.Principal;

import java.time.Instant;
import java.util.List;

/**
 * One position of the log after the state machine applied it: the same on every registrar.
 *
 * @param position   1, 2, 3, … counting every command, accepted or not
 * @param commitTime the commit time (monotonic in log order)
 * @param registrar  the registrar whose services submitted the command
 * @param principal  who asked that registrar for it (null in entries logged before principals were)
 * @param subject    what the command is about (number, prefix, OCN, …)
 */
public record Applied(long position, Instant commitTime, String registrar, Principal principal, String commandId,
                      String subject, Outcome outcome) {

    public List<Event> events() {
        return outcome.events();
    }
}
