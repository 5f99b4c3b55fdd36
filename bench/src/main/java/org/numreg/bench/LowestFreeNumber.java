package org.numreg.bench;

import org.numreg.registry.domain.Principal;
import org.numreg.devinfra.PostgresServer;
import org.numreg.registry.command.Command;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.Prefix;
import org.numreg.registry.event.Applied;
import org.numreg.registry.state.JdbcRegistryStore;
import org.numreg.registry.event.Outcome;
import org.numreg.registry.state.RegistryRules;
import org.numreg.registry.state.RegistryStateMachine;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Instant;
import java.util.Arrays;

/**
 * How long "allocate the lowest free number under +1312" takes on PostgreSQL when a million
 * numbers of the area code are allocated already (the first million, so every search must skip
 * them). Prints mean and percentiles of 2,000 allocations, each its own transaction.
 *
 * <p>Run: {@code bench/run-main LowestFreeNumber} (see bench/run-main).
 */
public final class LowestFreeNumber {

    public static void main(String[] args) throws Exception {
        int allocated = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path dir = Files.createTempDirectory("numreg-bench-pg");
        try (PostgresServer postgres = PostgresServer.start(dir.resolve("data"), 0, false, dir.resolve("pg.log"))) {
            postgres.createDatabase("bench");
            postgres.migrate("bench", "db/registry");
            try (Connection db = postgres.connect("bench")) {
                RegistryStateMachine machine = new RegistryStateMachine(new JdbcRegistryStore(db), RegistryRules.DEFAULT);
                Ocn ocn = Ocn.of("1510");
                machine.apply(1, Instant.EPOCH, "r1", Principal.ANONYMOUS, new Command.OpenRange("open", Prefix.of("+1312"), 0));
                machine.apply(2, Instant.EPOCH, "r1", Principal.ANONYMOUS, new Command.RegisterOcn("ocn", ocn, "Alice Telecom", null));
                long filling = System.nanoTime();
                fill(db, allocated);
                System.out.printf("filled %,d allocated numbers in %.1f s%n", allocated,
                        (System.nanoTime() - filling) / 1e9);
                db.setAutoCommit(false);
                int runs = 2000;
                long[] micros = new long[runs];
                for (int i = 0; i < runs; i++) {
                    long start = System.nanoTime();
                    Applied applied = machine.apply(3 + i, Instant.EPOCH, "r1", Principal.ANONYMOUS,
                            new Command.AllocateNumber("a" + i, ocn, null, Prefix.of("+1312"), null));
                    db.commit();
                    micros[i] = (System.nanoTime() - start) / 1000;
                    if (!(applied.outcome() instanceof Outcome.Accepted)) {
                        throw new IllegalStateException("allocation failed: " + applied.outcome());
                    }
                }
                Arrays.sort(micros);
                System.out.printf("lowest free number under +1312 with %,d allocated: mean %.2f ms, p50 %.2f ms,"
                                + " p99 %.2f ms, max %.2f ms (%d allocations, one transaction each)%n",
                        allocated, Arrays.stream(micros).average().orElse(0) / 1000, micros[runs / 2] / 1000.0,
                        micros[runs * 99 / 100] / 1000.0, micros[runs - 1] / 1000.0, runs);
            }
        }
    }

    /** The first {@code count} valid numbers of +1312 (exchanges 200 on), as the state machine would store them. */
    private static void fill(Connection db, int count) throws Exception {
        try (Statement sql = db.createStatement()) {
            sql.execute("""
                    INSERT INTO number_record (number_key, ocn, properties, pin_failures, lookup_pin_failures,
                        port_protected, version, allocated_at, updated_at)
                    SELECT 13122000000 + n, '1510', '{}'::jsonb, 0, 0, false, 1, now(), now()
                    FROM generate_series(0, %d) AS n""".formatted(count - 1));
            sql.execute("""
                    INSERT INTO number_thousand (thousand, used, taken)
                    SELECT thousand, used, CASE WHEN used = 1000 THEN decode(repeat('ff', 125), 'hex')
                        ELSE decode(repeat('ff', used / 8) || lpad(to_hex((1 << (used % 8)) - 1), 2, '0')
                                    || repeat('00', 124 - used / 8), 'hex') END
                    FROM (SELECT number_key / 1000 AS thousand, count(*)::int AS used FROM number_record
                          GROUP BY number_key / 1000) AS t""");
            sql.execute("ANALYZE");
        }
    }
}
