package org.numreg.consensus.engine;

import org.jboss.logging.Logger;
import org.numreg.consensus.config.Peers;
import org.numreg.paxos.Config;
import org.numreg.paxos.Reconfiguration;
import org.numreg.registry.command.Command;
import org.numreg.registry.domain.Registrar;
import org.numreg.registry.state.JdbcRegistryStore;

import java.net.URI;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.IntPredicate;

/**
 * The registrars this one links to: those configured ({@code numreg.consensus.peers}) and those
 * added through the log, with the peer URL their AddRegistrar named.
 */
final class RegistrarPeers {

    private static final Logger LOG = Logger.getLogger(RegistrarPeers.class);

    private final Peers configured;
    private volatile Peers current;

    RegistrarPeers(Peers configured, Connection connection) {
        this.configured = configured;
        reload(connection);
    }

    Peers current() {
        return current;
    }

    /** After the registry's registrars changed. */
    void reload(Connection connection) {
        List<Peers.Peer> registered = new ArrayList<>();
        for (Registrar r : new JdbcRegistryStore(connection).registrars()) {
            try {
                registered.add(new Peers.Peer(r.id(), r.node(), URI.create(r.endpoint())));
            } catch (IllegalArgumentException e) {
                LOG.warnf("registrar %s's endpoint %s is no URL: no peer link to it", r.id(), r.endpoint());
            }
        }
        current = configured.with(registered);
    }

    /** A node of the registrar (one, unless misconfigured) that passes {@code test}. */
    Optional<Integer> nodeOf(String registrar, IntPredicate test) {
        return current.byNode().values().stream().filter(p -> p.registrar().equals(registrar))
                .map(Peers.Peer::node).filter(test::test).findFirst();
    }

    /**
     * The Paxos membership change a command makes: adding or removing a registrar changes it in
     * the same slot as the registry state (docs/consensus.md).
     */
    Optional<Reconfiguration.Change> changeOf(Command command) {
        return switch (command) {
            case Command.AddRegistrar add -> Optional.of(new Reconfiguration.Change.AddLearner(add.node()));
            case Command.RemoveRegistrar remove -> nodeOf(remove.registrar(), node -> true).map(Reconfiguration.Change.Remove::new);
            default -> Optional.empty();
        };
    }

    /**
     * The registrars of the first configuration are the registry's first registrars: every
     * registrar records the same ones (they list the same peers), so that AddRegistrar and
     * RemoveRegistrar meet the same registry state as the Paxos membership they change.
     */
    static void recordFirst(Connection connection, Peers configured, Config initial) {
        JdbcRegistryStore store = new JdbcRegistryStore(connection);
        if (store.registrars().isEmpty()) {
            initial.voters().forEach(voter -> {
                Peers.Peer peer = configured.byNode().get(voter);
                store.saveRegistrar(new Registrar(peer.registrar(), peer.node(), peer.url().toString()));
            });
        }
    }
}
