package org.numreg.consensus.log;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import jakarta.enterprise.context.ApplicationScoped;
import org.numreg.registry.event.Applied;
import org.numreg.support.config.RegistrarConfig;
import org.numreg.support.tracing.TraceContext;

import java.time.Instant;
import java.util.Map;

/**
 * Each registrar's part in a command's trace: per applied command that was submitted in a trace,
 * a span {@code apply} (from the start of its batch's apply until it committed), a child of the
 * submission's context from the log, and within it {@code publish <topic>} (its batch's events
 * going to Kafka, until all in-sync replicas acknowledged them).
 */
@ApplicationScoped
public class ApplySpans {

    private final Tracer tracer;
    private final String topic;

    ApplySpans(Tracer tracer, RegistrarConfig registrar) {
        this.tracer = tracer;
        this.topic = registrar.changesTopic();
    }

    /**
     * Records the spans of a batch applied from {@code started}, its events on the topic from
     * {@code publishing} until {@code published}, and committed now.
     */
    public void applied(Map<Applied, String> traces, Instant started, Instant publishing, Instant published) {
        Instant committed = Instant.now();
        traces.forEach((applied, traceparent) -> {
            Span apply = tracer.spanBuilder("apply")
                    .setParent(TraceContext.parent(traceparent))
                    .setSpanKind(SpanKind.CONSUMER)
                    .setStartTimestamp(started)
                    .setAttribute("numreg.position", applied.position())
                    .setAttribute("numreg.command", applied.commandId())
                    .setAttribute("numreg.submitted-at", applied.registrar())
                    .setAttribute("numreg.outcome", applied.outcome().getClass().getSimpleName())
                    .startSpan();
            tracer.spanBuilder("publish " + topic)
                    .setParent(Context.root().with(apply))
                    .setSpanKind(SpanKind.PRODUCER)
                    .setStartTimestamp(publishing)
                    .setAttribute("messaging.system", "kafka")
                    .setAttribute("messaging.destination.name", topic)
                    .startSpan()
                    .end(published);
            apply.end(committed);
        });
    }
}
