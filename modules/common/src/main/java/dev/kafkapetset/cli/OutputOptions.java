package dev.kafkapetset.cli;

import picocli.CommandLine.Option;

/** {@code -o/--output}: human text by default; YAML or JSON for people and scripts that parse it. */
public class OutputOptions {

    public enum Format { text, yaml, json }

    @Option(names = {"-o", "--output"}, defaultValue = "text", paramLabel = "FORMAT",
            description = "Output format: ${COMPLETION-CANDIDATES}.")
    Format format;

    public Format format() {
        return format;
    }
}
