package org.numreg.consensus.transport;

import jakarta.enterprise.context.ApplicationScoped;

import javax.net.ssl.SSLContext;

/**
 * The TLS identity a registrar presents to its peers and the authority it trusts for theirs.
 * Without configured certificates, peers talk plain HTTP (tests of a single registrar only).
 */
@ApplicationScoped
public class PeerTls {

    /** The context for outgoing peer connections, or null for plain HTTP. */
    public SSLContext clientContext() {
        return null;
    }
}
