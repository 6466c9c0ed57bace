package dev.kafkapetset.scripts;

import dev.kafkapetset.cli.Cli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.reflect.Constructor;
import picocli.CommandLine;

/**
 * Runs a script of scripts/ in this JVM, the way its main does minus the exit: by its file name,
 * with out and err captured. Maven compiles scripts/ into this module; each file holds one class
 * named after it ({@code deploy-petset.java} holds {@code DeployPetset}).
 */
final class Script {

    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- out\n" + out + "--- err\n" + err;
        }
    }

    static Result run(String name, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Cli.commandLine(newCommand(name));
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        commandLine.setColorScheme(CommandLine.Help.defaultColorScheme(CommandLine.Help.Ansi.OFF));
        int exitCode = commandLine.execute(args);
        return new Result(exitCode, out.toString(), err.toString());
    }

    /** {@code deploy-petset} to {@code DeployPetset}. */
    static String className(String scriptName) {
        StringBuilder name = new StringBuilder();
        for (String part : scriptName.split("-")) {
            name.append(Character.toUpperCase(part.charAt(0))).append(part.substring(1));
        }
        return name.toString();
    }

    private static Object newCommand(String scriptName) {
        try {
            Constructor<?> constructor = Class.forName(className(scriptName)).getDeclaredConstructor();
            constructor.setAccessible(true);
            return constructor.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("scripts/" + scriptName + ".java should hold class " + className(scriptName), e);
        }
    }

    private Script() {}
}
