package dev.kafkapetset.scripts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kafkapetset.cli.ClusterOptions;
import dev.kafkapetset.cli.WaitOptions;
import dev.kafkapetset.kube.KubeOptions;
import dev.kafkapetset.model.KafkaCluster;
import dev.kafkapetset.smoke.SmokeSettings;
import dev.kafkapetset.steps.BringUpStep;
import dev.kafkapetset.steps.Step;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;

/**
 * The catalog is the runbook's one index: every alias has one step class named after it, and the
 * step numbers live in its descriptions alone; the README's runbook table and bring-up follow them.
 */
class CatalogTest {
    private static final Pattern CATALOG_STEP = Pattern.compile("Steps? (\\d+)(?: and (\\d+))?\\b.*");
    private static final Pattern README_ROW = Pattern.compile("\\| (\\d+) \\| `jbang ([a-z-]+)@catalog` \\|.*");
    private static final Path STEPS = Jbang.ROOT.resolve("modules/common/src/main/java/dev/kafkapetset/steps");

    static List<Catalog.Alias> aliases() {
        return Catalog.aliases();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("aliases")
    void everyAliasHasOneStepClassNamedAfterItThatItsScriptRuns(Catalog.Alias alias) throws Exception {
        String stepClass = Script.className(alias.name()) + "Step";
        Class<?> step = Class.forName("dev.kafkapetset.steps." + stepClass);
        assertTrue(Step.class.isAssignableFrom(step), stepClass + " is a Step");
        assertTrue(Files.readString(STEPS.resolve(stepClass + ".java")).contains("return \"" + alias.name() + "\";"),
                stepClass + ".alias() is " + alias.name());
        assertTrue(Files.readString(Jbang.ROOT.resolve(alias.scriptRef())).contains(stepClass),
                alias.scriptRef() + " runs " + stepClass);
    }

    @Test
    void stepNumbersLiveInTheCatalogAloneAndTheReadmeAndBringUpFollowThem() throws IOException {
        Map<Integer, String> catalog = new TreeMap<>();
        for (Catalog.Alias alias : Catalog.aliases()) {
            Matcher step = CATALOG_STEP.matcher(alias.description());
            if (step.matches()) {
                catalog.put(Integer.parseInt(step.group(1)), alias.name());
                if (step.group(2) != null) {
                    catalog.put(Integer.parseInt(step.group(2)), alias.name());
                }
            }
        }
        assertEquals(List.of(1, 2, 3, 4, 5, 6, 7, 8), List.copyOf(catalog.keySet()), "the runbook's steps: " + catalog);

        Map<Integer, String> readme = new TreeMap<>();
        for (String line : Files.readAllLines(Jbang.ROOT.resolve("README.md"))) {
            Matcher row = README_ROW.matcher(line);
            if (row.matches()) {
                readme.put(Integer.parseInt(row.group(1)), row.group(2));
            }
        }
        assertEquals(catalog, readme, "README's runbook table against catalog.json");

        KafkaCluster cluster = new KafkaCluster(CommandLine.populateCommand(new ClusterOptions()).spec("default"));
        BringUpStep bringUp = BringUpStep.runbook(cluster, 2, List.of(), new KubeOptions(),
                CommandLine.populateCommand(new WaitOptions()),
                new SmokeSettings(null, 10, 100, null, false, Duration.ofSeconds(30)), null, "bring-up");
        assertEquals(List.copyOf(catalog.values()), bringUp.aliases(), "bring-up runs the catalog's steps in order");

        List<String> numbered = new ArrayList<>();
        try (Stream<Path> sources = Stream.concat(Files.list(Jbang.ROOT.resolve("scripts")), Files.list(STEPS))) {
            for (Path source : sources.toList()) {
                if (Pattern.compile("\\bStep \\d").matcher(Files.readString(source)).find()) {
                    numbered.add(source.getFileName().toString());
                }
            }
        }
        assertEquals(List.of(), numbered, "step numbers outside catalog.json");
    }
}
