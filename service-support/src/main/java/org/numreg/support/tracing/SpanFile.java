package org.numreg.support.tracing;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.numreg.support.config.RegistrarConfig;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Collection;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The service's finished spans as JSON lines in a file ({@code numreg.tracing.file}): how the local
 * registry lets a user read its traces without a collector. Beside the OTLP exporter, which the
 * chart points at a collector; without the setting, no file.
 */
@Singleton
public class SpanFile {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AttributeKey<String> SERVICE_NAME = AttributeKey.stringKey("service.name");

    @Produces
    @Singleton
    SpanProcessor spanFile(@ConfigProperty(name = "numreg.tracing.file") Optional<Path> file, RegistrarConfig registrar) {
        if (file.isEmpty()) {
            return SpanProcessor.composite();
        }
        return BatchSpanProcessor.builder(new Exporter(file.get(), registrar.id()))
                .setScheduleDelay(200, TimeUnit.MILLISECONDS).build();
    }

    /** One JSON object a line per span, appended to the file opened once. */
    static final class Exporter implements SpanExporter {
        private final OutputStream out;
        private final String registrar;

        Exporter(Path file, String registrar) {
            try {
                this.out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            } catch (IOException e) {
                throw new IllegalStateException("numreg.tracing.file: cannot write " + file, e);
            }
            this.registrar = registrar;
        }

        @Override
        public synchronized CompletableResultCode export(Collection<SpanData> spans) {
            try {
                for (SpanData span : spans) {
                    out.write(JSON.writeValueAsBytes(line(span)));
                    out.write('\n');
                }
                out.flush();
                return CompletableResultCode.ofSuccess();
            } catch (IOException e) {
                return CompletableResultCode.ofFailure();
            }
        }

        private ObjectNode line(SpanData span) {
            ObjectNode line = JSON.createObjectNode();
            line.put("start", Instant.ofEpochSecond(0, span.getStartEpochNanos()).toString());
            line.put("ms", (span.getEndEpochNanos() - span.getStartEpochNanos()) / 1e6);
            line.put("registrar", registrar);
            line.put("service", span.getResource().getAttribute(SERVICE_NAME));
            line.put("name", span.getName());
            line.put("kind", span.getKind().name());
            line.put("traceId", span.getTraceId());
            line.put("spanId", span.getSpanId());
            if (span.getParentSpanContext().isValid()) {
                line.put("parentSpanId", span.getParentSpanId());
            }
            line.put("status", span.getStatus().getStatusCode().name());
            ObjectNode attributes = line.putObject("attributes");
            span.getAttributes().forEach((key, value) -> attributes.put(key.getKey(), String.valueOf(value)));
            if (!span.getLinks().isEmpty()) {
                var links = line.putArray("links");
                for (LinkData link : span.getLinks()) {
                    links.add(link.getSpanContext().getTraceId() + "/" + link.getSpanContext().getSpanId());
                }
            }
            return line;
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public synchronized CompletableResultCode shutdown() {
            try {
                out.close();
                return CompletableResultCode.ofSuccess();
            } catch (IOException e) {
                return CompletableResultCode.ofFailure();
            }
        }
    }
}
