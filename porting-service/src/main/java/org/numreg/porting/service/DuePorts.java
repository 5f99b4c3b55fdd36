package org.numreg.porting.service;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import org.numreg.client.consensus.CommandRefused;
import org.numreg.client.consensus.ConsensusClient;
import org.numreg.porting.repository.PortRepository;
import org.numreg.registry.command.Command;
import org.numreg.registry.domain.E164;
import org.numreg.support.config.RegistrarConfig;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;

/**
 * Completes scheduled ports when they are due. The registrar that took a port request completes
 * it at its due time; every other registrar's porting service does so after a grace period, so a
 * port happens even when that registrar is away. The commit time decides whether it is due; the
 * first completion ends the port, later ones are refused (UNKNOWN_PORT) and change nothing.
 */
@ApplicationScoped
public class DuePorts {

    private static final Logger LOG = Logger.getLogger(DuePorts.class);

    private final PortRepository ports;
    private final ConsensusClient consensus;
    private final RegistrarConfig registrar;
    private final Duration grace;
    private final Clock clock = Clock.systemUTC();

    DuePorts(PortRepository ports, ConsensusClient consensus, RegistrarConfig registrar,
             @ConfigProperty(name = "numreg.porting.backup-grace") Duration grace) {
        this.ports = ports;
        this.consensus = consensus;
        this.registrar = registrar;
        this.grace = grace;
    }

    @Scheduled(every = "${numreg.porting.due-check}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void completeDuePorts() {
        for (PortRepository.Port port : ports.due(clock.instant(), registrar.id(), grace)) {
            try {
                consensus.submitOnOwnBehalf(new Command.CompletePort(commandId(port), E164.of(port.number()), port.portId()));
                LOG.infof("completed the scheduled port %s of %s", port.portId(), port.number());
            } catch (CommandRefused refused) {
                // Not due by the leader's clock yet, or completed meanwhile: the next round sees.
                LOG.debugf("port %s not completed: %s", port.portId(), refused.getMessage());
            }
        }
    }

    /** One per registrar and second: a retry is a new command, two registrars' attempts are two. */
    private String commandId(PortRepository.Port port) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(port.portId().getBytes(StandardCharsets.UTF_8));
            return "complete-port-" + HexFormat.of().formatHex(digest, 0, 8) + "-" + registrar.id() + "-"
                    + clock.instant().getEpochSecond();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
