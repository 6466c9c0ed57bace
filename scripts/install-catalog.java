///usr/bin/env jbang "$0" "$@" ; exit $?
//DESCRIPTION One-time set-up: register this checkout's catalog as 'catalog' for JBang, so aliases work anywhere.
//JAVA 17+
//SOURCES ../modules/common/src/main/java/**/*.java

import dev.kafkapetset.cli.Cli;
import dev.kafkapetset.cli.JbangCatalog;
import dev.kafkapetset.cli.ToolCommand;
import dev.kafkapetset.steps.Execution;
import dev.kafkapetset.steps.InstallCatalogStep;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "install-catalog",
        description = {
            "Register this checkout's catalog.json as the JBang catalog named 'catalog' in"
                    + " $JBANG_DIR/jbang-catalog.json (default ~/.jbang), so that"
                    + " 'jbang deploy-petset@catalog' works from any directory.",
            "Run it from the checkout's root; running it again is safe."},
        footer = {"  install-catalog", "  install-catalog --catalog ~/src/kafka-petset/catalog.json"})
class InstallCatalog extends ToolCommand {

    @Option(names = "--catalog", paramLabel = "FILE", defaultValue = "catalog.json",
            description = "The kafka-petset catalog to register.")
    Path catalog;

    @Override
    protected int run() {
        return Execution.local(new InstallCatalogStep(catalog, JbangCatalog.userJbangDir()), report());
    }

    public static void main(String... args) {
        System.exit(Cli.execute(new InstallCatalog(), args));
    }
}
