package org.numreg.registry;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.numreg.registry.domain.Principal;
import org.numreg.devinfra.TestInfra;
import org.numreg.registry.command.Command;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.Prefix;
import org.numreg.registry.state.InMemoryRegistryStore;
import org.numreg.registry.state.JdbcRegistryStore;
import org.numreg.registry.state.RegistryRules;
import org.numreg.registry.state.RegistryStateMachine;
import org.numreg.registry.state.RegistryStore;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The lowest free number across full thousands, released holes and range ends, on PostgreSQL. */
class JdbcRegistryStoreTest {

    private static Connection db;

    @BeforeAll
    static void createSchema() throws Exception {
        TestInfra infra = TestInfra.shared();
        db = infra.postgres().connect(infra.newDatabase("store"));
        JdbcRegistryStore.createSchema(db);
    }

    @AfterAll
    static void close() throws Exception {
        db.close();
    }

    @Test
    void skipsFullThousandsAndFindsReleasedHoles() {
        JdbcRegistryStore jdbc = new JdbcRegistryStore(db);
        InMemoryRegistryStore memory = new InMemoryRegistryStore();
        for (RegistryStore store : List.of(jdbc, memory)) {
            RegistryStateMachine machine = new RegistryStateMachine(store, RegistryRules.DEFAULT);
            Ocn ocn = Ocn.of("1510");
            int position = 0;
            machine.apply(++position, Instant.EPOCH, "r1", Principal.ANONYMOUS, new Command.OpenRange("open", Prefix.of("+1312555"), 0));
            machine.apply(++position, Instant.EPOCH, "r1", Principal.ANONYMOUS, new Command.RegisterOcn("ocn", ocn, "Alice", null));
            machine.apply(++position, Instant.EPOCH, "r1", Principal.ANONYMOUS, new Command.AllocateNumbers("bulk", ocn, Prefix.of("+1312555"), 3500, null));
            if (store instanceof JdbcRegistryStore written) {
                written.flush(); // the holes below are then known only to the store, not yet to the database
            }
            for (String hole : List.of("+13125551000", "+13125552999", "+13125550999")) {
                machine.apply(++position, Instant.EPOCH, "r1", Principal.ANONYMOUS, new Command.ReleaseNumber("release" + hole.substring(1), ocn, E164.of(hole)));
            }
        }
        long first = 13125550000L;
        long last = 13125559999L;
        // Unflushed (the store's own writes in memory), then flushed (all from the database).
        for (boolean flushed : List.of(false, true)) {
            if (flushed) {
                jdbc.flush();
            }
            assertFirstFree(jdbc, memory, first, last);
        }
        assertThat(jdbc.numbers()).isEqualTo(memory.numbers());
    }

    private static void assertFirstFree(JdbcRegistryStore jdbc, InMemoryRegistryStore memory, long first, long last) {
        assertThat(jdbc.firstFree(first, last)).hasValue(13125550999L);
        assertThat(jdbc.firstFree(13125551000L, last)).hasValue(13125551000L);
        assertThat(jdbc.firstFree(13125551001L, last)).hasValue(13125552999L);
        assertThat(jdbc.firstFree(13125553000L, last)).hasValue(13125553500L);
        assertThat(jdbc.firstFree(13125551001L, 13125552998L)).isEmpty();
        for (long from = first; from <= first + 4000; from += 37) {
            assertThat(jdbc.firstFree(from, last)).as("from " + from).isEqualTo(memory.firstFree(from, last));
        }
    }
}
