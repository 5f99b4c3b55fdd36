package org.numreg.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Forwards the TCP connections to a local port to another local port, from the moment it is
 * opened: a service told to use that port finds its server gone until then.
 */
final class TcpForwarder implements AutoCloseable {

    private final ServerSocket server;
    private final int target;

    TcpForwarder(int port, int target) {
        try {
            this.server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port, e);
        }
        this.target = target;
        Thread.ofVirtual().start(this::accept);
    }

    private void accept() {
        try {
            while (true) {
                Socket client = server.accept();
                try {
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                    copy(client, upstream);
                    copy(upstream, client);
                } catch (IOException unreachable) {
                    client.close(); // as if the port were closed; the next connection may fare better
                }
            }
        } catch (IOException closed) {
            // close() ends the forwarder
        }
    }

    /** One direction; the end of either closes both. */
    private static void copy(Socket from, Socket to) {
        Thread.ofVirtual().start(() -> {
            try (from; to) {
                from.getInputStream().transferTo(to.getOutputStream());
            } catch (IOException ignored) {
                // the other direction closed the pair
            }
        });
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
