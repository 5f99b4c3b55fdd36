package org.numreg.support.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.trace.data.LinkData;
import io.opentelemetry.sdk.trace.samplers.Sampler;
import io.opentelemetry.sdk.trace.samplers.SamplingResult;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;

/**
 * Which traces are kept: every command's (whatever is not a read), and a fraction of the reads
 * ({@code numreg.tracing.read-ratio}), which come by the thousand a second at whois. A span in a
 * trace that was kept upstream is kept too, so a command's trace stays whole across the registrars.
 */
@Singleton
public class Sampling {

    private static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");

    @Produces
    @Singleton
    Sampler sampler(@ConfigProperty(name = "numreg.tracing.read-ratio", defaultValue = "0.01") double readRatio) {
        return Sampler.parentBased(new WritesAndSomeReads(Sampler.traceIdRatioBased(readRatio)));
    }

    private record WritesAndSomeReads(Sampler reads) implements Sampler {

        @Override
        public SamplingResult shouldSample(Context parent, String traceId, String name, SpanKind kind,
                                           Attributes attributes, List<LinkData> links) {
            String method = attributes.get(METHOD);
            return "GET".equals(method) || "HEAD".equals(method)
                    ? reads.shouldSample(parent, traceId, name, kind, attributes, links)
                    : SamplingResult.recordAndSample();
        }

        @Override
        public String getDescription() {
            return "writes, and reads by " + reads.getDescription();
        }
    }
}
