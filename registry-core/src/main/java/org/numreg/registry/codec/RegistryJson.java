package org.numreg.registry.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.numreg.registry.command.Command;
import org.numreg.registry.domain.InvalidValueException;

import java.io.IOException;

/**
 * The JSON form of commands, events and outcomes — what goes into the log and onto Kafka. One
 * mapper, so that every registrar writes the same bytes for the same value.
 */
public final class RegistryJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .serializationInclusion(JsonInclude.Include.NON_NULL)
            .build();

    private RegistryJson() {
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    /** Reads a command; invalid JSON or values are an {@link InvalidValueException} naming the field. */
    public static Command readCommand(byte[] json) {
        return read(json, Command.class);
    }

    public static <T> T read(byte[] json, Class<T> type) {
        try {
            return MAPPER.readValue(json, type);
        } catch (com.fasterxml.jackson.databind.JsonMappingException e) {
            // Values check themselves as they are made: surface their message and field as they are.
            if (e.getCause() instanceof InvalidValueException invalid) {
                throw invalid;
            }
            throw new InvalidValueException(field(e), e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidValueException("body", "not JSON: " + e.getMessage());
        }
    }

    private static String field(com.fasterxml.jackson.databind.JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .reduce((a, b) -> a + "." + b).orElse("body");
    }
}
