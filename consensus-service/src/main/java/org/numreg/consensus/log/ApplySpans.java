package org.numreg.consensus.log;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import jakarta.enterprise.context.ApplicationScoped;
import org.numreg.registry.state.Applied;
import org.numreg.support.tracing.TraceContext;

import java.time.Instant;
import java.util.Map;

/**
 * Each registrar's part in a command's trace: one span per applied command that was submitted in
 * a trace, from the start of its apply until its events were on the changes topic and the
 * apply committed, as a child of the submission's context from the log.
 */
@ApplicationScoped
public class ApplySpans {

    private final Tracer tracer;

    ApplySpans(Tracer tracer) {
        this.tracer = tracer;
    }

    /** Records the spans of a batch applied and published from {@code started} until now. */
    public void applied(Map<Applied, String> traces, Instant started) {
        Instant ended = Instant.now();
        traces.forEach((applied, traceparent) -> tracer.spanBuilder("apply")
                .setParent(TraceContext.parent(traceparent))
                .setSpanKind(SpanKind.CONSUMER)
                .setStartTimestamp(started)
                .setAttribute("numreg.position", applied.position())
                .setAttribute("numreg.command", applied.commandId())
                .setAttribute("numreg.submitted-at", applied.registrar())
                .setAttribute("numreg.outcome", applied.outcome().getClass().getSimpleName())
                .startSpan()
                .end(ended));
    }
}
