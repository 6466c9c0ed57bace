package dev.kafkapetset.cli;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.cfg.EnumFeature;
import tools.jackson.databind.json.JsonMapper;

/** Indented JSON, for what a person reads and a tool takes: reports, JBang catalogs, reassignment plans. */
public final class Json {
    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .enable(EnumFeature.WRITE_ENUMS_USING_TO_STRING)
            .build();

    public static String pretty(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    private Json() {}
}
