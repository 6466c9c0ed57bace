package dev.kafkapetset.cli;

import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** A report as {@code -o} asks: JSON or YAML of the record's fields, or its own text. */
final class StructuredOutput {
    private static final YAMLMapper YAML = YAMLMapper.builder()
            .enable(EnumFeature.WRITE_ENUMS_USING_TO_STRING)
            .build();

    static String render(OutputOptions.Format format, CheckReport report) {
        return switch (format) {
            case json -> Json.pretty(report) + System.lineSeparator();
            case yaml -> YAML.writeValueAsString(report);
            case text -> report.text();
        };
    }

    private StructuredOutput() {}
}
