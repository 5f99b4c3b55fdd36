package org.numreg.registry.state;

import org.numreg.registry.codec.RegistryJson;
import org.numreg.registry.domain.E164;
import org.numreg.registry.domain.NumberProperties;
import org.numreg.registry.domain.NumberRecord;
import org.numreg.registry.domain.Ocn;
import org.numreg.registry.domain.PinFailures;
import org.numreg.registry.domain.Registrar;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** How the registry's values are rows of its tables (schema: db/registry/), both ways. */
final class RegistryRows {

    /** The columns of number_record that {@link #numberValues} fills, number_key last. */
    static final String NUMBER_COLUMNS = "ocn, properties, pin_hash, pin_failures, pin_locked_until, lookup_pin_failures,"
            + " lookup_pin_locked_until, port_protected, version, allocated_at, updated_at, number_key";

    private RegistryRows() {
    }

    static NumberRecord number(ResultSet rs) throws SQLException {
        return new NumberRecord(E164.ofKey(rs.getLong("number_key")), Ocn.of(rs.getString("ocn")),
                RegistryJson.read(rs.getString("properties").getBytes(StandardCharsets.UTF_8), NumberProperties.class),
                rs.getString("pin_hash"),
                pinFailures(rs, "pin_failures", "pin_locked_until"),
                pinFailures(rs, "lookup_pin_failures", "lookup_pin_locked_until"),
                rs.getBoolean("port_protected"), rs.getLong("version"),
                rs.getObject("allocated_at", OffsetDateTime.class).toInstant(),
                rs.getObject("updated_at", OffsetDateTime.class).toInstant());
    }

    /** A record's values in the order of {@link #NUMBER_COLUMNS}. */
    static Object[] numberValues(NumberRecord r) {
        return new Object[] {r.ocn().value(), json(r.properties()), r.pinHash(),
                r.portPinFailures().count(), utc(r.portPinFailures().lockedUntil()),
                r.lookupPinFailures().count(), utc(r.lookupPinFailures().lockedUntil()),
                r.portProtected(), r.version(), utc(r.allocatedAt()), utc(r.updatedAt()), r.number().key()};
    }

    static Registrar registrar(ResultSet rs) throws SQLException {
        return new Registrar(rs.getString(1), rs.getInt(2), rs.getString(3));
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static PinFailures pinFailures(ResultSet rs, String count, String lockedUntil) throws SQLException {
        OffsetDateTime until = rs.getObject(lockedUntil, OffsetDateTime.class);
        return new PinFailures(rs.getInt(count), until == null ? null : until.toInstant());
    }

    private static String json(Object value) {
        return new String(RegistryJson.write(value), StandardCharsets.UTF_8);
    }
}
