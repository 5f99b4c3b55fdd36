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
        String database = infra.newDatabase("store");
        infra.postgres().migrate(database, "db/registry");
        db = infra.postgres().connect(database);
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

    /** V5 gives the thousands of a registry written before it their bitmaps, from the records. */
    @Test
    void theBitmapMigrationReadsTheRecordsOfAnEarlierRegistry() throws Exception {
        TestInfra infra = TestInfra.shared();
        try (Connection old = infra.postgres().connect(infra.newDatabase("before_v5"));
             Statement sql = old.createStatement()) {
            for (String migration : List.of("V1__registry_state.sql", "V1_1__scheduled_ports.sql",
                    "V3__applied_as_bytes.sql", "V4__pin_channels.sql")) {
                sql.execute(migrationText(migration));
            }
            // 0–999 all taken but 500; of the next thousand, keys 0–6 and 9 (a byte and a bit).
            sql.execute("""
                    INSERT INTO number_record (number_key, ocn, properties, pin_failures, lookup_pin_failures,
                        port_protected, version, allocated_at, updated_at)
                    SELECT k, '1510', '{}'::jsonb, 0, 0, false, 1, now(), now()
                    FROM generate_series(13125550000, 13125551009) AS k
                    WHERE k NOT IN (13125550500, 13125551007, 13125551008)""");
            sql.execute("INSERT INTO number_thousand (thousand, used) VALUES (13125550, 999), (13125551, 8)");
            sql.execute(migrationText("V5__thousand_bitmaps.sql"));

            JdbcRegistryStore store = new JdbcRegistryStore(old);
            assertThat(store.firstFree(13125550000L, 13125559999L)).hasValue(13125550500L);
            assertThat(store.firstFree(13125550501L, 13125559999L)).hasValue(13125551007L);
            assertThat(store.firstFree(13125551008L, 13125559999L)).hasValue(13125551008L);
            assertThat(store.firstFree(13125551009L, 13125559999L)).hasValue(13125551010L);
            try (var rs = sql.executeQuery("SELECT encode(taken, 'hex') FROM number_thousand WHERE thousand = 13125551")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("7f02" + "00".repeat(123));
            }
        }
    }

    private static String migrationText(String name) throws Exception {
        try (InputStream in = JdbcRegistryStore.class.getResourceAsStream("/db/registry/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
