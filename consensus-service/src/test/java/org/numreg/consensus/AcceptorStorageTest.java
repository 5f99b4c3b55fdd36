package org.numreg.consensus;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.numreg.consensus.log.JdbcPaxosStorage;
import org.numreg.devinfra.NumregInfraResource;
import org.numreg.paxos.Ballot;
import org.numreg.paxos.Ready;
import org.numreg.paxos.Value;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the acceptor persists, through the service's own data source (multi-row inserts on). */
@QuarkusTest
@QuarkusTestResource(NumregInfraResource.class)
class AcceptorStorageTest {

    @Inject
    AgroalDataSource db;

    @Test
    void aSlotAcceptedTwiceBeforeOneReadyKeepsTheLaterBallot() throws Exception {
        long slot = 1_000_000_000L; // far beyond the running node's slots; rolled back below
        Ready ready = new Ready(null, List.of(
                new Ready.AcceptedValue(slot, new Ballot(7, 1), new Value.Noop()),
                new Ready.AcceptedValue(slot, new Ballot(8, 2), new Value.Noop())),
                List.of(), List.of(), List.of());
        try (Connection connection = db.getConnection()) {
            connection.setAutoCommit(false);
            try {
                JdbcPaxosStorage.saveAcceptor(connection, ready);
                try (PreparedStatement query = connection.prepareStatement(
                        "SELECT round, node FROM paxos_accepted WHERE slot = ?")) {
                    query.setLong(1, slot);
                    try (ResultSet rs = query.executeQuery()) {
                        assertThat(rs.next()).isTrue();
                        assertThat(rs.getLong(1)).isEqualTo(8);
                        assertThat(rs.getInt(2)).isEqualTo(2);
                        assertThat(rs.next()).isFalse();
                    }
                }
            } finally {
                connection.rollback();
            }
        }
    }
}
