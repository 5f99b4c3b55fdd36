package org.numreg.devinfra;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;

/** Loopback ports: a free one for tests, and a check that a fixed one is not taken. */
public final class Ports {

    /**
     * Below the kernel's ephemeral range and above the local registry's fixed ports (8xxx, 15432,
     * 1808x, 1909x). A port handed out from the ephemeral range (port 0) stays unbound until its
     * server starts, seconds later; meanwhile any outgoing connection (Kafka, JDBC) may take it as
     * its local port, and the server then fails to bind (CI, 2026-12-06).
     */
    static final int LOWEST = 20_000;
    /** Ports handed out lie in LOWEST .. LOWEST + SPAN - 1. */
    private static final int SPAN = highestBelowEphemeral() - LOWEST;

    /** A random start keeps two JVMs that pick ports at the same moment apart. */
    private static final AtomicInteger NEXT = new AtomicInteger(LOWEST + ThreadLocalRandom.current().nextInt(SPAN));

    private Ports() {
    }

    /** A bindable port, never handed out twice by this JVM, outside the ephemeral range. */
    public static int free() {
        for (int tries = 0; tries < SPAN; tries++) {
            int port = LOWEST + Math.floorMod(NEXT.getAndIncrement() - LOWEST, SPAN);
            if (bindable(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port in " + LOWEST + ".." + (LOWEST + SPAN));
    }

    private static boolean bindable(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The kernel's ephemeral ports start at the first number of ip_local_port_range (Linux). */
    static int highestBelowEphemeral() {
        try {
            String range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).trim();
            int low = Integer.parseInt(range.split("\\s+")[0]);
            return Math.max(low, LOWEST + 1_000);
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    public static boolean inUse(int port) {
        try (Socket ignored = new Socket(InetAddress.getLoopbackAddress(), port)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
