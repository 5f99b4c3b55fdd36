package org.numreg.support.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TraceContextTest {

    private static final String TRACEPARENT = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aTraceparentFromTheLogIsTheRemoteParentOfWhatComesOfIt() {
        SpanContext parent = Span.fromContext(TraceContext.parent(TRACEPARENT)).getSpanContext();
        assertThat(parent.getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(parent.getSpanId()).isEqualTo("00f067aa0ba902b7");
        assertThat(parent.isSampled()).isTrue();
        assertThat(parent.isRemote()).isTrue();
    }

    @Test
    void anythingElseIsNoParent() {
        for (String bad : new String[] {null, "", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7",
                "01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01", "00-4BF92F3577B34DA6A3CE929D0E0E4736-00f067aa0ba902b7-01"}) {
            assertThat(TraceContext.of(bad)).as(bad).isNull();
            assertThat(Span.fromContext(TraceContext.parent(bad)).getSpanContext().isValid()).as(bad).isFalse();
        }
    }

    @Test
    void withoutASpanThereIsNoTraceToLog() {
        assertThat(TraceContext.current()).isNull();
    }
}
