package org.numreg.paxos;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideOutsideOfPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

/**
 * The Paxos core is a pure, deterministic state machine: no threads, clocks, sockets, files or
 * randomness of its own inside it, so that the simulation decides everything and replays a seed
 * exactly. Time comes in as ticks, messages go out as values, the caller does the I/O.
 */
class PaxosPurityTest {

    static JavaClasses paxos;

    @BeforeAll
    static void importMainClasses() {
        paxos = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("org.numreg.paxos");
    }

    @Test
    void touchesNoIoNetworkClockOrConcurrency() {
        ArchRule rule = noClasses().should().dependOnClassesThat().resideInAnyPackage(
                "java.io..", "java.nio..", "java.net..", "java.sql..", "java.time..", "java.util.concurrent..",
                "java.lang.reflect..", "javax..", "jakarta..")
                .because("the Paxos core does no I/O and reads no clock: the simulation must decide everything");
        rule.check(paxos);
    }

    @Test
    void startsNoThreadAndReadsNoTimeOrEntropy() {
        noClasses().should().dependOnClassesThat().haveFullyQualifiedName(Thread.class.getName())
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(System.class, "nanoTime")
                .orShould().callMethod(System.class, "getenv", String.class)
                .orShould().callMethod(Math.class, "random")
                .orShould().callConstructor(java.util.Random.class)
                .because("a seed must replay exactly: the only randomness is seeded by the caller's options")
                .check(paxos);
    }

    @Test
    void dependsOnNothingOfNumregOutsideItself() {
        noClasses().should().dependOnClassesThat(resideInAPackage("org.numreg..")
                        .and(resideOutsideOfPackage("org.numreg.paxos..")))
                .because("paxos is a library of its own: consensus-service wires it to the registry")
                .check(paxos);
    }
}
