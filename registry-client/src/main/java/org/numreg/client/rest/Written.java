package org.numreg.client.rest;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.numreg.registry.codec.Committed;
import org.numreg.support.rest.Rejections;

/** A write's answer: the result, and in Numreg-Position the log position it committed at (for read-your-writes). */
public final class Written {

    private Written() {
    }

    public static Response created(Committed committed, Object body) {
        return answer(Response.status(Response.Status.CREATED), committed, body);
    }

    public static Response ok(Committed committed, Object body) {
        return answer(Response.ok(), committed, body);
    }

    public static Response status(Response.Status status, Committed committed, Object body) {
        return answer(Response.status(status), committed, body);
    }

    private static Response answer(Response.ResponseBuilder builder, Committed committed, Object body) {
        return builder.entity(body).type(MediaType.APPLICATION_JSON)
                .header(Rejections.POSITION_HEADER, committed.position()).build();
    }
}
