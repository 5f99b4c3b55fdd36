package org.numreg.support.rest;

import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.numreg.registry.codec.RegistryJson;

import java.util.List;

/**
 * A body over {@code quarkus.http.limits.max-body-size} is refused by the HTTP layer before any
 * resource sees it, with a bare 413 (a route of order -2 that checks Content-Length): this route
 * runs just before it and answers as problem+json, like every other error. (A chunked body
 * without a Content-Length that grows past the limit still gets the HTTP layer's bare 413.)
 */
@ApplicationScoped
public class BodyTooLarge {

    private final long limit;

    BodyTooLarge(@ConfigProperty(name = "quarkus.http.limits.max-body-size") MemorySize limit) {
        this.limit = limit.asLongValue();
    }

    void answerAsProblem(@Observes Router router) {
        router.route().order(-3).handler(context -> {
            String length = context.request().getHeader("Content-Length");
            if (length == null || !length.matches("[0-9]{1,18}") || Long.parseLong(length) <= limit) {
                context.next();
                return;
            }
            Problem problem = new Problem("about:blank", "Content Too Large", 413,
                    "the request body is larger than the " + limit / 1024 + " KB this service takes",
                    context.request().path(), List.of());
            context.response().setStatusCode(413).putHeader("Content-Type", Problem.MEDIA_TYPE)
                    .putHeader("Connection", "close").end(Buffer.buffer(RegistryJson.write(problem)));
        });
    }
}
