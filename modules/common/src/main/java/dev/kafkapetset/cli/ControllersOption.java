package dev.kafkapetset.cli;

import dev.kafkapetset.errors.ToolException;
import dev.kafkapetset.model.KraftControllers;
import picocli.CommandLine.Option;

/** {@code --controllers} for the migration steps: how many KRaft controllers vote in the quorum. */
public class ControllersOption {

    @Option(names = "--controllers", paramLabel = "N",
            defaultValue = "${env:KAFKA_PETSET_CONTROLLERS:-" + KraftControllers.DEFAULT_REPLICAS + "}",
            description = "KRaft controllers in the quorum: 3 survives one down, 5 two (env KAFKA_PETSET_CONTROLLERS;"
                    + " default ${DEFAULT-VALUE}).")
    int controllers;

    /** The number of controllers: odd, as a majority of an even number survives no more failures than one less. */
    public int controllers() {
        if (controllers < 1 || controllers % 2 == 0) {
            throw ToolException.usage("--controllers must be an odd number (1, 3, 5...), not " + controllers
                    + ": a quorum of " + (controllers + 1) + " survives no more failures than one of " + (controllers - 1));
        }
        return controllers;
    }
}
