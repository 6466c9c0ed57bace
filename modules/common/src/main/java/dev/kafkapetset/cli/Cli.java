package dev.kafkapetset.cli;

import dev.kafkapetset.errors.ExitCode;
import dev.kafkapetset.errors.ToolException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine;

/** Runs a script's command: one-line errors, exit codes mapped in {@link Failures}, nothing else. */
public final class Cli {

    /** Parses {@code args}, runs the command and returns its exit code; never exits the JVM. */
    public static int execute(Object command, String... args) {
        Logging.chooseProvider();
        return commandLine(command).execute(args);
    }

    public static CommandLine commandLine(Object command) {
        CommandLine commandLine = new CommandLine(command);
        commandLine.setParameterExceptionHandler(Cli::reportUsageError);
        commandLine.setExecutionExceptionHandler(Cli::reportFailure);
        return commandLine;
    }

    private static int reportUsageError(ParameterException error, String[] args) {
        CommandLine commandLine = error.getCommandLine();
        commandLine.getErr().println(commandLine.getColorScheme().errorText("error: " + error.getMessage())
                + " (see '" + commandLine.getCommandName() + " --help')");
        return ExitCode.USAGE;
    }

    private static int reportFailure(Exception error, CommandLine commandLine, ParseResult parsed) {
        if (error instanceof ParameterException usageError) {
            return reportUsageError(usageError, parsed.originalArgs().toArray(String[]::new));
        }
        ToolException failure = Failures.classify(error);
        commandLine.getErr().println(commandLine.getColorScheme().errorText("error: " + failure.getMessage()));
        if (parsed.hasMatchedOption("--verbose")) {
            error.printStackTrace(commandLine.getErr());
        }
        return failure.exitCode();
    }

    private Cli() {}
}
