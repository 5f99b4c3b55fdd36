package org.numreg.registry.codec;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
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
            // A value of the wrong type is bad input, not something to convert: 1510 is no OCN
            // ("1510" is), "5" no count, 5.5 no count either, 3 no number type.
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            .withCoercionConfig(LogicalType.Textual, text -> text.setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                    .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
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
        } catch (com.fasterxml.jackson.core.exc.InputCoercionException e) {
            // A number out of its field's range (a count of 2^40): name the field the parser was in.
            String name = e.getProcessor() == null ? null : e.getProcessor().getParsingContext().getCurrentName();
            String field = name != null ? name : "body";
            throw new InvalidValueException(field, e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidValueException("body", "not JSON: " + e.getMessage());
        }
    }

    private static String field(com.fasterxml.jackson.databind.JsonMappingException e) {
        return e.getPath().stream().map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                .reduce((a, b) -> a + "." + b).orElse("body");
    }
}
