package dev.kafkapetset.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every alias of catalog.json through bin/jbang and real JBang: proves //SOURCES, //DEPS and the
 * catalog, not just the Java code. The first test of each alias builds it (several seconds).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CatalogThroughJbangTest {

    static List<Catalog.Alias> aliases() {
        return Catalog.aliases();
    }

    @Order(1)
    @ParameterizedTest(name = "{0}@catalog --help")
    @MethodSource("aliases")
    void everyAliasShowsItsHelpWithExamplesAndExitCodes(Catalog.Alias alias) {
        Jbang.Result result = Jbang.launcher().run(alias.name() + "@catalog", "--help");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().startsWith("Usage: " + alias.name() + " "), result::toString);
        assertTrue(result.out().contains("\nExamples:\n  "), result::toString);
        assertTrue(result.out().substring(result.out().indexOf("\nExamples:")).contains(alias.name()), result::toString);
        assertTrue(result.out().contains("\nExit codes:\n  0   Success."), result::toString);
    }

    @Order(2)
    @ParameterizedTest(name = "{0}@catalog --no-such-option")
    @MethodSource("aliases")
    void everyAliasRejectsAnUnknownOptionWithExitTwoAndOneLine(Catalog.Alias alias) {
        Jbang.Result result = Jbang.launcher().run(alias.name() + "@catalog", "--no-such-option");
        assertEquals(2, result.exitCode(), result::toString);
        // Picocli names a missing required option first, where a script has one.
        assertTrue(result.err().matches("error: (Unknown option: '--no-such-option'|Missing required option: .*)"
                + " \\(see '" + alias.name() + " --help'\\)\n"), result::toString);
    }

    @Order(3)
    @Test
    void plainJbangRunsAliasesFromTheRootThroughJbangCatalogJson() {
        for (String reference : List.of("deploy-petset@catalog", "deploy-petset")) {
            Jbang.Result result = Jbang.launcher().plain().run(reference, "--version");
            assertEquals(0, result.exitCode(), result::toString);
            assertTrue(result.out().startsWith("kafka-petset "), result::toString);
        }
    }

    @Order(3)
    @Test
    void aBadValueFromTheEnvironmentIsReportedUnderTheVariablesName() {
        Jbang.Result result = Jbang.launcher().env("KAFKA_PETSET_STORAGE_SIZE", "big")
                .run("create-volumes@catalog", "--dry-run=client");
        assertEquals(2, result.exitCode(), result::toString);
        assertEquals("error: KAFKA_PETSET_STORAGE_SIZE (environment) 'big' is not a positive quantity such as 1Gi or"
                + " 500Mi\n", result.err());
        Jbang.Result option = Jbang.launcher().env("KAFKA_PETSET_STORAGE_SIZE", "big")
                .run("create-volumes@catalog", "--dry-run=client", "--storage-size", "bigger");
        assertEquals("error: --storage-size 'bigger' is not a positive quantity such as 1Gi or 500Mi\n", option.err());
    }

    @Order(3)
    @Test
    void launcherRunsAliasesFromAnySubdirectoryOfTheCheckout() {
        Jbang.Result result = Jbang.launcher().in(Jbang.ROOT.resolve("modules/common")).run("deploy-petset", "--version");
        assertEquals(0, result.exitCode(), result::toString);
        assertTrue(result.out().startsWith("kafka-petset "), result::toString);
    }
}
