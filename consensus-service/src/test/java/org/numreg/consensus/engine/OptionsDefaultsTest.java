package org.numreg.consensus.engine;

import io.quarkus.runtime.configuration.DurationConverter;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.runtime.configuration.MemorySizeConverter;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;
import org.numreg.consensus.config.ConsensusConfig;
import org.numreg.paxos.Options;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A registrar configured with nothing runs its Paxos node with the library's defaults, and the other way round. */
class OptionsDefaultsTest {

    @Test
    void thePaxosLibrarysDefaultsAreTheServicesDefaults() {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .withMapping(ConsensusConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withConverter(MemorySize.class, 100, new MemorySizeConverter())
                .withDefaultValue("numreg.consensus.peers", "r1=1@https://127.0.0.1:8106")
                .withDefaultValue("numreg.registrar.id", "r1")
                .build();
        ConsensusConfig defaults = config.getConfigMapping(ConsensusConfig.class);

        assertThat(ConsensusEngine.options(defaults, 1, 7)).isEqualTo(Options.defaults(1, 7));
    }
}
