package org.numreg.system.structure;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules that keep numreg's structure as docs/architecture.md draws it, over the main code of
 * every module (this module has them all on its test classpath). The Paxos core's purity is
 * checked in its own module (paxos: PaxosPurityTest).
 */
class StructureTest {

    /** The services: each is deployed alone, so none may use another's code. */
    private static final List<String> SERVICES =
            List.of("allocation", "porting", "whois", "sync", "consensus", "console", "cli");
    private static final int MAX_LINES = 400;

    static JavaClasses numreg;

    @BeforeAll
    static void importMainClasses() {
        numreg = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.numreg");
    }

    @Test
    void noPackageDependsOnItselfThroughOthers() {
        slices().matching("org.numreg.(*).(*)..").should().beFreeOfCycles()
                .because("a package cycle makes two packages one that nobody can change alone")
                .check(numreg);
    }

    @Test
    void noServiceUsesAnotherServicesCode() {
        for (String service : SERVICES) {
            String[] others = SERVICES.stream().filter(s -> !s.equals(service)).map(s -> "org.numreg." + s + "..")
                    .toArray(String[]::new);
            noClasses().that().resideInAPackage("org.numreg." + service + "..")
                    .should().dependOnClassesThat().resideInAnyPackage(others)
                    .because("services talk over HTTP and Kafka; what they share lives in registry-core,"
                            + " service-support or registry-client")
                    .check(numreg);
        }
    }

    /** A file longer than this does more than one thing: split it by concern. */
    @Test
    void noMainSourceFileIsLongerThan400Lines() throws IOException {
        Path root = Path.of("..").toAbsolutePath().normalize();
        Map<String, Long> tooLong = new TreeMap<>();
        try (Stream<Path> modules = Files.list(root)) {
            for (Path main : modules.map(m -> m.resolve("src/main/java")).filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(main)) {
                    files.filter(f -> f.toString().endsWith(".java")).forEach(f -> {
                        long lines = lines(f);
                        if (lines > MAX_LINES) {
                            tooLong.put(root.relativize(f).toString(), lines);
                        }
                    });
                }
            }
        }
        assertThat(tooLong).as("main source files over %d lines", MAX_LINES).isEmpty();
    }

    private static long lines(Path file) {
        try (Stream<String> lines = Files.lines(file)) {
            return lines.count();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
