package org.numreg.consensus.transport;

import io.quarkus.tls.TlsConfiguration;
import io.quarkus.tls.TlsConfigurationRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/**
 * The TLS identity a registrar presents to its peers and the authority it trusts for theirs:
 * the default TLS configuration (quarkus.tls.key-store.* and quarkus.tls.trust-store.*), which
 * also serves the peer port (quarkus.http.ssl-port) and requires client certificates there.
 * Without it peers cannot talk: a registrar alone needs none.
 */
@ApplicationScoped
public class PeerTls {

    private final TlsConfigurationRegistry registry;

    PeerTls(TlsConfigurationRegistry registry) {
        this.registry = registry;
    }

    /** The identity and trust for outgoing peer connections, if a peer certificate is configured. */
    public Optional<TlsConfiguration> identity() {
        return registry.getDefault().filter(tls -> tls.getKeyStore() != null);
    }
}
