package org.numreg.registry.domain;

import java.time.Instant;

/**
 * A port agreed now (the consumer's PIN was checked) that takes effect at {@code dueAt}, unless
 * cancelled before. {@code portId} is the id of the command that scheduled it.
 */
public record ScheduledPort(String portId, E164 number, Ocn losingOcn, Ocn gainingOcn, Instant dueAt) {
}
