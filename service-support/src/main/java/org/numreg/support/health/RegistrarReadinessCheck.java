package org.numreg.support.health;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.numreg.support.config.RegistrarConfig;

/**
 * Says which registrar a service belongs to and which changes topic it uses, so that an
 * operator looking at /q/health sees a misconfigured service at once.
 */
@Readiness
@ApplicationScoped
public class RegistrarReadinessCheck implements HealthCheck {

    private final RegistrarConfig registrar;

    RegistrarReadinessCheck(RegistrarConfig registrar) {
        this.registrar = registrar;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("numreg registrar")
                .withData("registrar", registrar.id())
                .withData("changesTopic", registrar.changesTopic())
                .up()
                .build();
    }
}
