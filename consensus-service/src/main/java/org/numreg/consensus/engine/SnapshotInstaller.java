package org.numreg.consensus.engine;

import org.jboss.logging.Logger;
import org.numreg.consensus.log.LogHead;
import org.numreg.consensus.log.StateSnapshot;
import org.numreg.consensus.transport.PeerNetwork;
import org.numreg.paxos.Config;
import org.numreg.paxos.Membership;
import org.numreg.paxos.Ready;

import javax.sql.DataSource;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * Replaces this registrar's state with a peer's when the slots it lacks are gone from every log
 * it asked: fetches the peer's snapshot and installs it in one transaction, once a quorum of the
 * snapshot's voters confirmed its hash. A failure changes nothing; the node asks again.
 */
final class SnapshotInstaller {

    private static final Logger LOG = Logger.getLogger(SnapshotInstaller.class);

    private final DataSource db;
    private final PeerNetwork network;
    private final int self;

    SnapshotInstaller(DataSource db, PeerNetwork network, int self) {
        this.db = db;
        this.network = network;
        this.self = self;
    }

    /** The snapshot installed after {@code before}, or empty when it could not be (logged). */
    Optional<StateSnapshot.Installed> install(Ready.SnapshotNeeded need, LogHead before) {
        long started = System.nanoTime();
        LOG.infof("fetching a snapshot from node %d: this registrar has applied slot %d, position %d; the peer's"
                + " log starts after slot %d", need.peer(), before.slot(), before.position(), need.slot());
        try (InputStream in = new BufferedInputStream(network.open(need.peer(),
                PeerNetwork.SNAPSHOT_PATH + "?after=" + before.position()), 64 * 1024)) {
            StateSnapshot.Installed installed = Transactions.run(db, connection -> {
                try {
                    return StateSnapshot.install(connection, before, in,
                            (head, membership) -> confirmByQuorum(need.peer(), head, membership));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            LogHead head = installed.head();
            LOG.infof("installed node %d's snapshot at slot %d, position %d (%d positions after ours) in %d ms",
                    need.peer(), head.slot(), head.position(), head.position() - before.position(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
            return Optional.of(installed);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (IOException | SQLException | RuntimeException e) {
            LOG.warnf("could not install node %d's snapshot (nothing changed; will ask again): %s", need.peer(),
                    e.toString());
            return Optional.empty();
        }
    }

    /**
     * One peer's word is not enough for a registry's whole state: a quorum of the snapshot's
     * voters (its source among them) must show the same hash chain at its position.
     */
    private void confirmByQuorum(int source, LogHead head, Membership membership) throws IOException {
        Config voters = membership.latest();
        Set<Integer> agree = new TreeSet<>();
        if (voters.isVoter(source)) {
            agree.add(source);
        }
        List<String> disagree = new ArrayList<>();
        for (int voter : voters.voters()) {
            if (agree.size() >= voters.quorum()) {
                break;
            }
            if (voter == source || voter == self) {
                continue;
            }
            try (InputStream answer = network.open(voter, PeerNetwork.HASH_PATH + "?position=" + head.position())) {
                String hash = new String(answer.readAllBytes(), StandardCharsets.UTF_8).strip();
                if (hash.equals(head.hashHex())) {
                    agree.add(voter);
                } else {
                    disagree.add("node " + voter + " has " + hash);
                }
            } catch (IOException e) {
                disagree.add("node " + voter + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted", e);
            }
        }
        if (agree.size() < voters.quorum()) {
            throw new IOException("only nodes " + agree + " confirm the snapshot's hash at position " + head.position()
                    + ", " + voters.quorum() + " needed; " + disagree);
        }
        LOG.infof("nodes %s confirm the snapshot's hash at position %d", agree, head.position());
    }
}
