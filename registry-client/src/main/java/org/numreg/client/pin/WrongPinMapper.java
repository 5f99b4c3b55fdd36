package org.numreg.client.pin;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.numreg.registry.event.Event;
import org.numreg.registry.event.Rejection;
import org.numreg.support.rest.Problem;
import org.numreg.support.rest.ProblemMappers;
import org.numreg.support.rest.Rejections;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A wrong PIN: 403, with how many wrong PINs the channel has had and until when it is closed now.
 * A closed channel: 429 with Retry-After, the seconds until it opens.
 */
public class WrongPinMapper {

    @ServerExceptionMapper
    public Response wrongPin(PinGuard.WrongPin e, UriInfo uri) {
        Event.PinFailureRecorded failure = e.failure();
        Map<String, Object> members = new LinkedHashMap<>();
        members.put("channel", failure.channel().wireName());
        members.put("failures", failure.failures());
        if (failure.channelFailures().lockedAt(Instant.now())) {
            members.put("lockedUntil", failure.lockedUntil().toString());
        }
        return ProblemMappers.problem(new Problem("https://numreg.org/problems/wrong-pin", "Wrong PIN", 403,
                        e.getMessage(), uri.getPath(), List.of(), members))
                .header(Rejections.POSITION_HEADER, e.position()).build();
    }

    @ServerExceptionMapper
    public Response pinLocked(PinGuard.PinLocked e, UriInfo uri) {
        long seconds = Math.max(1, Duration.between(Instant.now(), e.until()).toSeconds() + 1);
        return Rejections.answering(Rejection.PIN_LOCKED, e.getMessage(), uri.getPath(), e.position(),
                Map.of("lockedUntil", e.until().toString())).header("Retry-After", seconds).build();
    }
}
