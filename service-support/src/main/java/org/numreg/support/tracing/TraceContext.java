package org.numreg.support.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;

import java.util.regex.Pattern;

/**
 * A trace context as a W3C {@code traceparent} string, the form it travels in wherever the
 * instrumentation does not carry it: in a command through the log (and so in the peer messages),
 * in the change events (the CloudEvents distributed-tracing extension), in the submit request.
 */
public final class TraceContext {

    private static final Pattern W3C = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");

    private TraceContext() {
    }

    /** The current span's context, or null when there is none. */
    public static String current() {
        SpanContext span = Span.current().getSpanContext();
        return span.isValid() ? "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex()
                : null;
    }

    /** {@code traceparent} as a remote parent; null for null or anything that is not one. */
    public static SpanContext of(String traceparent) {
        var match = traceparent == null ? null : W3C.matcher(traceparent);
        if (match == null || !match.matches()) {
            return null;
        }
        SpanContext span = SpanContext.createFromRemoteParent(match.group(1), match.group(2),
                TraceFlags.fromHex(match.group(3), 0), TraceState.getDefault());
        return span.isValid() ? span : null;
    }

    /** A context whose parent is {@code traceparent}; the root context without one. */
    public static Context parent(String traceparent) {
        SpanContext span = of(traceparent);
        return span == null ? Context.root() : Context.root().with(Span.wrap(span));
    }
}
