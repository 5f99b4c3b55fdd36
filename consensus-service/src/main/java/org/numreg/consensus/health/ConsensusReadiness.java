package org.numreg.consensus.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.numreg.consensus.engine.ConsensusEngine;
import org.numreg.consensus.engine.Status;

/** Ready when in contact with a leader (hence a quorum) and caught up with what it announced. */
@Readiness
@ApplicationScoped
public class ConsensusReadiness implements HealthCheck {

    private final ConsensusEngine engine;

    ConsensusReadiness(ConsensusEngine engine) {
        this.engine = engine;
    }

    @Override
    public HealthCheckResponse call() {
        Status status = engine.status();
        return HealthCheckResponse.named("numreg consensus")
                .withData("role", status.role().name())
                .withData("leader", status.leader())
                .withData("appliedSlot", status.appliedSlot())
                .withData("leaderDecidedSlot", status.leaderDecidedThrough())
                .withData("position", status.position())
                .status(status.caughtUp())
                .build();
    }
}
