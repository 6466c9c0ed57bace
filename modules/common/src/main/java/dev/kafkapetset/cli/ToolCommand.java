package dev.kafkapetset.cli;

import dev.kafkapetset.errors.ExitCode;
import dev.kafkapetset.errors.ToolException;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Help.Ansi;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * What every script shares: {@code --help}, {@code --version}, {@code -v}, the exit code list, and
 * the writers its output goes through (tests capture them). Scripts extend it and add their options.
 */
@Command(
        mixinStandardHelpOptions = true,
        versionProvider = Toolkit.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        showDefaultValues = true,
        footerHeading = "%nExamples:%n",
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:Success.",
            "1:A check failed, a wait timed out, or the cluster refused a change.",
            "2:Bad option or input; nothing was changed.",
            "3:Cluster or server unreachable, or access forbidden.",
        })
public abstract class ToolCommand implements Callable<Integer> {

    @Option(names = {"-v", "--verbose"}, description = "Show library logs, and stack traces on errors.")
    boolean verbose;

    @Spec
    CommandSpec spec;

    @Override
    public final Integer call() throws Exception {
        Logging.configure(verbose);
        return run();
    }

    /** The command's work; returns an {@link ExitCode}, or throws a {@link ToolException}. */
    protected abstract int run() throws Exception;

    protected PrintWriter out() {
        return spec.commandLine().getOut();
    }

    protected PrintWriter err() {
        return spec.commandLine().getErr();
    }

    protected Ansi ansi() {
        return spec.commandLine().getColorScheme().ansi();
    }

    protected Report report() {
        return new Report(out(), ansi());
    }

    /** This command line as the operator typed it, quoted for a POSIX shell. */
    protected String commandLine() {
        StringBuilder line = new StringBuilder("jbang " + spec.name() + "@catalog");
        for (String arg : spec.commandLine().getParseResult().originalArgs()) {
            line.append(' ').append(arg.matches("[A-Za-z0-9_./:=@,+-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return line.toString();
    }
}
