package dev.kafkapetset.steps;

import dev.kafkapetset.cli.JbangCatalog;
import dev.kafkapetset.kube.ClusterState;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Registers this checkout's catalog for JBang, so aliases work from any directory. Touches no cluster. */
public final class InstallCatalogStep implements Step {
    private final Path catalog;
    private final Path jbangDir;

    public InstallCatalogStep(Path catalog, Path jbangDir) {
        this.catalog = catalog;
        this.jbangDir = jbangDir;
    }

    @Override
    public String alias() {
        return "install-catalog";
    }

    @Override
    public String purpose() {
        return "register this checkout's catalog as '" + JbangCatalog.NAME + "' for JBang";
    }

    @Override
    public List<PlanEntry> plan(ClusterState state) {
        Path file = jbangDir.resolve("jbang-catalog.json");
        Path absolute = catalog.toAbsolutePath().normalize();
        return List.of(new Action("register", "register catalog '" + JbangCatalog.NAME + "' -> " + absolute + " in " + file,
                execution -> execution.report().line("catalog '" + JbangCatalog.NAME + "' -> " + absolute + ": "
                        + JbangCatalog.register(catalog, jbangDir).name().toLowerCase(Locale.ROOT) + " (in " + file + ")")));
    }
}
