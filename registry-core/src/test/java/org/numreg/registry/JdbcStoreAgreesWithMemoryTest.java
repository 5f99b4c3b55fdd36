package org.numreg.registry;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.numreg.devinfra.TestInfra;
import org.numreg.registry.command.Command;
import org.numreg.registry.state.InMemoryRegistryStore;
import org.numreg.registry.event.Applied;
import org.numreg.registry.state.JdbcRegistryStore;
import org.numreg.registry.state.RegistryRules;
import org.numreg.registry.state.RegistryStateMachine;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The PostgreSQL store and the in-memory one, fed the same random logs, give the same outcomes
 * and end in the same state (real PostgreSQL from dev-infra).
 */
class JdbcStoreAgreesWithMemoryTest {

    private static Connection db;

    @BeforeContainer
    static void createSchema() throws SQLException, IOException {
        TestInfra infra = TestInfra.shared();
        String database = infra.newDatabase("registry");
        infra.postgres().migrate(database, "db/registry");
        db = infra.postgres().connect(database);
        db.setAutoCommit(false);
    }

    @AfterContainer
    static void closeConnection() throws SQLException {
        db.close();
    }

    @Provide
    Arbitrary<List<Command>> sequences() {
        return RandomCommands.sequences(80);
    }

    /**
     * The JDBC store writes numbers behind and flushes when its caller says (consensus-service: once
     * per applied batch): here every {@code flushEvery} commands, so flushed and unflushed state mix.
     */
    @Property(tries = 60)
    void sameOutcomesAndSameState(@ForAll("sequences") List<Command> log,
                                  @ForAll @net.jqwik.api.constraints.IntRange(min = 1, max = 30) int flushEvery)
            throws SQLException {
        InMemoryRegistryStore memory = new InMemoryRegistryStore();
        JdbcRegistryStore jdbc = new JdbcRegistryStore(db);
        try {
            RegistryStateMachine machine = new RegistryStateMachine(jdbc, RegistryRules.DEFAULT);
            List<Applied> outcomes = new ArrayList<>();
            long position = 0;
            for (Command command : log) {
                position++;
                outcomes.add(machine.apply(position, Instant.ofEpochSecond(position), "r1",
                        StateMachinePropertiesTest.principalAt(position), command));
                if (position % flushEvery == 0) {
                    jdbc.flush();
                }
            }
            assertThat(outcomes).isEqualTo(StateMachinePropertiesTest.replay(log, memory));
            assertThat(jdbc.numbers()).isEqualTo(memory.numbers());
            assertThat(jdbc.ranges()).isEqualTo(memory.ranges());
            assertThat(jdbc.registrars()).isEqualTo(memory.registrars());
        } finally {
            db.rollback();
        }
    }
}
