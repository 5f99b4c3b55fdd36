package org.numreg.devinfra;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A numreg service run as its packaged jar, configured by environment only (as in Kubernetes). */
public final class ServiceProcess {

    /**
     * Small heaps and the serial collector: fifteen services must fit on two cores. A service out
     * of memory exits rather than limp on with some of its threads gone.
     */
    private static final List<String> JVM = List.of("-Xms32m", "-Xmx192m", "-XX:+UseSerialGC",
            "-XX:+ExitOnOutOfMemoryError");
    /**
     * Services that mostly wait start faster and smaller with the C1 compiler only; the hot paths
     * keep C2: consensus-service (whose intrinsics make the RSA check of every token far cheaper)
     * and whois-service (the lookups).
     */
    private static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1");
    private static final List<String> HOT_PATHS = List.of("consensus-service", "whois-service");

    private ServiceProcess() {
    }

    /** The packaged jar of a service module in the checkout at {@code home}. */
    public static Path jar(Path home, String module) {
        Path jar = home.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw package)");
        }
        return jar;
    }

    public static ChildProcess start(String name, Path jar, Map<String, String> env, Path workDir, Path log) {
        List<String> command = new ArrayList<>();
        command.add(KafkaBroker.javaBin());
        command.addAll(JVM);
        if (HOT_PATHS.stream().noneMatch(jar.toString()::contains)) {
            command.addAll(QUICK_START);
        }
        command.addAll(List.of("-jar", jar.toString()));
        try {
            Files.createDirectories(workDir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return ChildProcess.start(name, command, env, workDir, log);
    }

    /** Waits until the service answers its readiness check with 200. */
    public static void awaitReady(ChildProcess process, int port, Duration timeout) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest ready = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/q/health/ready"))
                .timeout(Duration.ofSeconds(5)).build();
        Await.ready(process, timeout, () -> http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200);
    }
}
