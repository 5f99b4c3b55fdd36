package org.numreg.client.feed;

import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import jakarta.enterprise.context.ApplicationScoped;
import org.numreg.registry.codec.ChangeEvent;
import org.numreg.support.tracing.TraceContext;

import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A read model's part in the commands' traces: one span per feed batch that applied events of
 * traced commands, a child of the first one's trace (a batch of one command, the usual case
 * while the registry follows its clients, sits wholly in that command's trace) and linked to the
 * others'. The connector's own per-record spans are off: a rebuild would make one per event.
 */
@ApplicationScoped
public class FeedSpans {

    /** More links than this say nothing more about a rebuild. */
    private static final int MAX_LINKS = 32;

    private final Tracer tracer;

    FeedSpans(Tracer tracer) {
        this.tracer = tracer;
    }

    void applied(String projection, List<ChangeEvent> events, Instant started) {
        Set<String> traces = new LinkedHashSet<>();
        for (ChangeEvent event : events) {
            if (event.traceparent() != null && traces.size() <= MAX_LINKS) {
                traces.add(event.traceparent());
            }
        }
        if (traces.isEmpty()) {
            return;
        }
        String first = traces.iterator().next();
        SpanBuilder span = tracer.spanBuilder("project " + projection)
                .setParent(TraceContext.parent(first))
                .setSpanKind(SpanKind.CONSUMER)
                .setStartTimestamp(started)
                .setAttribute("numreg.events", events.size())
                .setAttribute("numreg.first-position", events.getFirst().position())
                .setAttribute("numreg.last-position", events.getLast().position());
        traces.stream().skip(1).map(TraceContext::of).filter(java.util.Objects::nonNull).forEach(span::addLink);
        span.startSpan().end();
    }
}
