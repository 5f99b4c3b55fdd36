package org.numreg.registry.codec;

import org.numreg.registry.event.Event;

import java.time.Instant;
import java.util.List;

/**
 * An accepted command as its submitter hears of it from consensus-service's submit API: where in
 * the log it went, when it committed and what it changed.
 */
public record Committed(long position, Instant commitTime, String registrar, String commandId, List<Event> events) {

    /** The events of one kind, in order (a bulk allocation has one per number). */
    public <E extends Event> List<E> events(Class<E> kind) {
        return events.stream().filter(kind::isInstance).map(kind::cast).toList();
    }
}
