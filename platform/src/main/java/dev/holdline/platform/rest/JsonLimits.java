package dev.holdline.platform.rest;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.std.NumberDeserializers;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.math.BigDecimal;

/**
 * What a JSON body may cost, the same in every service (the application's {@link ObjectMapper}, used by the REST
 * layer and the poll route): a number is at most {@value #MAX_NUMBER_LENGTH} characters and nested at most
 * {@value #MAX_NESTING_DEPTH} deep, and a decimal read into a {@link BigDecimal} has at most
 * {@value #MAX_DECIMAL_SCALE} digits after (or zeros before) its point. {@code 1E-20000000} is eleven characters, but
 * printed in full it is twenty million: it is refused while it is read, by its {@link BigDecimal#scale()}, so that
 * nothing after (a check, an error message, the database) ever formats it. A refusal is a 400 naming the field
 * ({@link ErrorMappers#wrongShape}).
 */
@Singleton
public class JsonLimits implements ObjectMapperCustomizer {

    /** Characters of one number: far more than any amount, score or id needs. */
    public static final int MAX_NUMBER_LENGTH = 100;
    /** Nesting of arrays and objects. */
    public static final int MAX_NESTING_DEPTH = 100;
    /** Digits after the point (or, negative, zeros implied before it) of a decimal. */
    public static final int MAX_DECIMAL_SCALE = 30;

    @Override
    public void customize(ObjectMapper mapper) {
        mapper.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNumberLength(MAX_NUMBER_LENGTH).maxNestingDepth(MAX_NESTING_DEPTH).build());
        mapper.registerModule(new SimpleModule("holdline-json-limits")
                .addDeserializer(BigDecimal.class, new BoundedDecimalDeserializer()));
    }

    /** True when {@code value}'s scale lets it be printed in a few characters (checked, never printed). */
    public static boolean boundedScale(BigDecimal value) {
        return Math.abs((long) value.scale()) <= MAX_DECIMAL_SCALE;
    }

    /**
     * For a field typed {@code JsonNode} that should hold a number (a score): {@code @JsonDeserialize(using =
     * JsonLimits.BoundedNumberNode.class)}. A decimal is read exactly and refused when its scale is out of bounds,
     * instead of rounding silently to 0 or infinity as a {@code double} would; anything else is read as usual.
     */
    public static final class BoundedNumberNode extends JsonDeserializer<JsonNode> {

        @Override
        public JsonNode deserialize(JsonParser parser, DeserializationContext context)
                throws IOException {
            if (parser.currentToken() == JsonToken.VALUE_NUMBER_FLOAT) {
                BigDecimal value = parser.getDecimalValue();
                if (!boundedScale(value)) {
                    throw InvalidFormatException.from(parser, "a number with at most " + MAX_DECIMAL_SCALE
                            + " digits after the point and an exponent of at most " + MAX_DECIMAL_SCALE
                            + " is expected", null, BigDecimal.class);
                }
                return context.getNodeFactory().numberNode(value.doubleValue());
            }
            return context.readTree(parser);
        }
    }

    /** Jackson's own reading of a decimal, then its scale checked before anyone formats it. */
    static final class BoundedDecimalDeserializer extends NumberDeserializers.BigDecimalDeserializer {

        @Override
        public BigDecimal deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            BigDecimal value = super.deserialize(parser, context);
            if (value != null && !boundedScale(value)) {
                throw InvalidFormatException.from(parser, "a decimal with at most " + MAX_DECIMAL_SCALE
                        + " digits after the point and an exponent of at most " + MAX_DECIMAL_SCALE
                        + " is expected", null, BigDecimal.class);
            }
            return value;
        }
    }
}
