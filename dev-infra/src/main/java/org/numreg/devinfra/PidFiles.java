package org.numreg.devinfra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The local registry's pid files (.numreg/launcher.pid, .numreg/pids/): which processes a run
 * started, so that {@code ./numreg down} — or the next {@code up} after a killed launcher —
 * stops those and no others.
 */
final class PidFiles {

    private final Path home;
    private final Path state;

    PidFiles(Path home, Path state) {
        this.home = home;
        this.state = state;
    }

    Optional<ProcessHandle> launcher() {
        return pidFromFile(state.resolve("launcher.pid")).filter(p -> p.info().command().orElse("").contains("java"));
    }

    /** Processes of an earlier run whose launcher was killed: each pid file names one. */
    void stopLeftovers() {
        Path pids = state.resolve("pids");
        if (Files.isDirectory(pids)) {
            try (Stream<Path> files = Files.list(pids)) {
                files.forEach(file -> pidFromFile(file)
                        .filter(p -> p.info().commandLine().orElse("").contains(home.toString())
                                || p.info().commandLine().orElse("").contains("keycloak"))
                        .ifPresent(p -> {
                            LocalRegistry.say("stopping " + file.getFileName() + " left from an earlier run (pid " + p.pid() + ")");
                            p.descendants().forEach(ProcessHandle::destroy);
                            p.destroy();
                            p.onExit().orTimeout(60, TimeUnit.SECONDS).exceptionally(e -> {
                                p.destroyForcibly();
                                return p;
                            }).join();
                        }));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        pidFromFile(state.resolve("postgres").resolve("postmaster.pid")).ifPresent(p -> {
            LocalRegistry.say("stopping PostgreSQL left from an earlier run (pid " + p.pid() + ")");
            p.destroy();
            p.onExit().orTimeout(60, TimeUnit.SECONDS).join();
        });
    }

    private static Optional<ProcessHandle> pidFromFile(Path file) {
        try {
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readAllLines(file).getFirst().strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        } catch (IOException | NumberFormatException | NoSuchElementException e) {
            return Optional.empty();
        }
    }

    void write(String name, ChildProcess process) throws IOException {
        Files.createDirectories(state.resolve("pids"));
        Files.writeString(state.resolve("pids").resolve(name + ".pid"), Long.toString(process.pid()));
    }

    /** This process runs the local registry. */
    void writeLauncher() throws IOException {
        Files.writeString(state.resolve("launcher.pid"), Long.toString(ProcessHandle.current().pid()));
    }

    /** The registry stopped: no pid names a process of it any more. */
    void clear() throws IOException {
        Files.deleteIfExists(state.resolve("launcher.pid"));
        Folders.delete(state.resolve("pids"));
    }
}
