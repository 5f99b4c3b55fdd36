package org.numreg.devinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * Keycloak unpacked from its distribution zip (from Maven Central) and built once per machine
 * for PostgreSQL, with health checks and a local cache, into a cache folder shared by every
 * test run and the local registry. Building takes ~30 s; every later start is "--optimized".
 */
final class KeycloakDistribution {

    private static final String BUILT_MARKER = ".numreg-built";

    private KeycloakDistribution() {
    }

    /** The home folder of a built distribution, building it first if needed. */
    static Path home() {
        Path cache = cacheRoot();
        Path home = cache.resolve("keycloak-" + Dists.keycloakVersion());
        try {
            Files.createDirectories(cache);
            try (FileChannel channel = FileChannel.open(cache.resolve("keycloak.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                 FileLock ignored = channel.lock()) {
                if (!Files.exists(home.resolve(BUILT_MARKER))) {
                    Folders.delete(home);
                    unzip(Dists.keycloakZip(), home);
                    build(home);
                    Files.writeString(home.resolve(BUILT_MARKER), "");
                }
            }
            return home;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot install Keycloak into " + home, e);
        }
    }

    /** ~/.cache/numreg unless NUMREG_CACHE (or -Dnumreg.cache) says otherwise. */
    static Path cacheRoot() {
        String configured = System.getProperty("numreg.cache", System.getenv("NUMREG_CACHE"));
        return configured != null ? Path.of(configured)
                : Path.of(System.getProperty("user.home"), ".cache", "numreg");
    }

    private static void build(Path home) {
        List<String> command = List.of(home.resolve("bin/kc.sh").toString(), "build",
                "--db=postgres", "--health-enabled=true");
        try (ChildProcess build = ChildProcess.start("keycloak-build", command,
                Map.of("JAVA_HOME", System.getProperty("java.home")), home, home.resolve("build.log"))) {
            int exit = build.awaitExit(Duration.ofMinutes(5));
            if (exit != 0) {
                throw new IllegalStateException("kc.sh build failed (exit " + exit + "):\n" + build.logTail(30));
            }
        }
    }

    /** Unpacks the zip without its top folder (keycloak-x.y.z/). */
    private static void unzip(Path zip, Path target) throws IOException {
        Files.createDirectories(target);
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                String name = entry.getName();
                int slash = name.indexOf('/');
                if (slash < 0 || slash == name.length() - 1) {
                    continue;
                }
                Path path = target.resolve(name.substring(slash + 1)).normalize();
                if (!path.startsWith(target)) {
                    throw new IOException("zip entry outside the target: " + name);
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(path);
                } else {
                    Files.createDirectories(path.getParent());
                    Files.copy(in, path, StandardCopyOption.REPLACE_EXISTING);
                    if (name.endsWith(".sh")) {
                        path.toFile().setExecutable(true);
                    }
                }
            }
        }
    }

}
