package org.numreg.registry.event;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;

import java.util.List;

/** What applying a command did: changes (events), a refusal, or nothing because it was decided before. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "outcome")
@JsonSubTypes({
        @JsonSubTypes.Type(Outcome.Accepted.class),
        @JsonSubTypes.Type(Outcome.Rejected.class),
        @JsonSubTypes.Type(Outcome.Repeated.class),
})
public sealed interface Outcome {

    /** The events of this position on numreg.changes: at least one. */
    List<Event> events();

    @JsonTypeName("accepted")
    record Accepted(List<Event> events) implements Outcome {
        public Accepted {
            events = List.copyOf(events);
            if (events.isEmpty()) {
                throw new IllegalArgumentException("an accepted command changes something");
            }
        }


    }

    @JsonTypeName("rejected")
    record Rejected(Rejection reason, String detail) implements Outcome {
        @Override
        public List<Event> events() {
            return List.of(new Event.CommandRejected(reason, detail));
        }
    }

    /** The same command id was decided before, at {@code firstPosition}, with {@code first}. */
    @JsonTypeName("repeated")
    record Repeated(long firstPosition, Outcome first) implements Outcome {
        @Override
        public List<Event> events() {
            return List.of(new Event.CommandRepeated(firstPosition));
        }
    }
}
