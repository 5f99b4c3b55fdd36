package org.numreg.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Forwards the TCP connections to a local port to another local port, from the moment it is
 * opened: a service told to use that port finds its server gone until then. Connections from a
 * source address can be cut (those open are closed, new ones closed at once) and healed: with
 * each registrar's peer links coming from an address of its own, that cuts one direction of one
 * link.
 */
final class TcpForwarder implements AutoCloseable {

    private final ServerSocket server;
    private final int target;
    private final Set<InetAddress> cut = ConcurrentHashMap.newKeySet();
    private final List<Socket> open = new ArrayList<>();

    TcpForwarder(int port, int target) {
        try {
            this.server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on port " + port, e);
        }
        this.target = target;
        Thread.ofVirtual().start(this::accept);
    }

    int port() {
        return server.getLocalPort();
    }

    /** Drops what comes from {@code source} until {@link #heal}. */
    void cut(InetAddress source) {
        cut.add(source);
        synchronized (open) {
            for (Socket socket : List.copyOf(open)) {
                if (socket.getInetAddress().equals(source)) {
                    close(socket);
                }
            }
        }
    }

    void heal(InetAddress source) {
        cut.remove(source);
    }

    private void accept() {
        try {
            while (true) {
                Socket client = server.accept();
                if (cut.contains(client.getInetAddress())) {
                    close(client);
                    continue;
                }
                try {
                    Socket upstream = new Socket(InetAddress.getLoopbackAddress(), target);
                    synchronized (open) {
                        open.add(client);
                    }
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
    private void copy(Socket from, Socket to) {
        Thread.ofVirtual().start(() -> {
            try (from; to) {
                from.getInputStream().transferTo(to.getOutputStream());
            } catch (IOException ignored) {
                // the other direction closed the pair
            } finally {
                synchronized (open) {
                    open.remove(from);
                    open.remove(to);
                }
            }
        });
    }

    private static void close(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closed already
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
