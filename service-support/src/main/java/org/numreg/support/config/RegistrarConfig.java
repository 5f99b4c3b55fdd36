package org.numreg.support.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Which registrar a service belongs to. */
@ConfigMapping(prefix = "numreg.registrar")
public interface RegistrarConfig {

    /** The registrar's id, e.g. r1: the same for its five services, unique among registrars. */
    String id();

    /** The Kafka topic on which the registrar's consensus-service publishes the committed log. */
    @WithDefault("numreg.changes")
    String changesTopic();
}
