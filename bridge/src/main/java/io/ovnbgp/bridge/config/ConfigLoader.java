package io.ovnbgp.bridge.config;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.DeserializationProblemHandler;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads {@code config.yaml} strictly: an unknown field, a value of the wrong type or an invalid value is refused
 * with its path ({@code peers[0].hodlTime: unknown field}), never ignored, so that a typo cannot silently turn
 * into a default.
 */
public final class ConfigLoader {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .registerModule(new SimpleModule("durations").addDeserializer(Duration.class, new DurationDeserializer()));

    private ConfigLoader() {}

    /** Loads, fills defaults, resolves what depends on the node, and validates. */
    public static BridgeConfig load(Path file, NodeFacts node) throws ConfigException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new ConfigException(file.toString(), List.of(new ConfigException.Problem("", "cannot read: " + e)));
        }
        return parse(text, file.toString(), node);
    }

    public static BridgeConfig parse(String yaml, String source, NodeFacts node) throws ConfigException {
        if (yaml.lines().allMatch(l -> l.isBlank() || l.strip().startsWith("#"))) {
            throw new ConfigException(source, List.of(new ConfigException.Problem("", "the configuration is empty")));
        }
        BridgeConfig raw;
        // unknown fields are collected, not fatal at the first, so that one refusal names every problem
        UnknownFields unknown = new UnknownFields();
        try {
            raw = YAML.readerFor(BridgeConfig.class).withHandler(unknown).readValue(yaml);
        } catch (JsonProcessingException e) {
            List<ConfigException.Problem> problems = new ArrayList<>(unknown.problems);
            problems.add(problemOf(e));
            throw new ConfigException(source, problems);
        }
        if (raw == null) {
            throw new ConfigException(source, List.of(new ConfigException.Problem("", "the configuration is empty")));
        }
        BridgeConfig resolved = resolve(raw, node);
        List<ConfigException.Problem> problems = new ArrayList<>(unknown.problems);
        problems.addAll(ConfigValidator.validate(resolved));
        if (!problems.isEmpty()) {
            throw new ConfigException(source, problems);
        }
        return resolved;
    }

    /**
     * nodeName from NODE_NAME or the hostname, routerID from the node's IPv4 address, kubernetes.enabled from
     * whether we run in a Pod, when not given.
     */
    private static BridgeConfig resolve(BridgeConfig c, NodeFacts node) {
        String nodeName = c.nodeName() != null ? c.nodeName() : node.nodeName();
        String routerId = c.routerID() != null ? c.routerID() : node.ipv4Address();
        BridgeConfig.Kubernetes k = c.kubernetes();
        boolean kube = k.enabled() != null ? k.enabled() : k.kubeconfig() != null || node.inCluster();
        return new BridgeConfig(
                nodeName,
                c.localASN(),
                routerId,
                c.listen(),
                c.ovn(),
                c.metrics(),
                c.peers(),
                new BridgeConfig.Kubernetes(kube, k.kubeconfig(), k.serviceCIDRs()),
                c.bestPath());
    }

    static ConfigException.Problem problemOf(JsonProcessingException e) {
        String path = e instanceof JsonMappingException jme ? pathOf(jme.getPath()) : "";
        String reason;
        com.fasterxml.jackson.core.JsonParseException syntax = syntaxErrorIn(e);
        if (syntax != null) {
            String where = syntax.getLocation() == null
                    ? ""
                    : " at line " + syntax.getLocation().getLineNr() + ", column "
                            + syntax.getLocation().getColumnNr();
            reason = "not valid YAML" + where + ": "
                    + syntax.getOriginalMessage().lines().findFirst().orElse("");
        } else if (e instanceof UnrecognizedPropertyException u) {
            path = path.isEmpty() ? u.getPropertyName() : path;
            reason = "unknown field";
            if (u.getKnownPropertyIds() != null && !u.getKnownPropertyIds().isEmpty()) {
                reason += " (known here: "
                        + u.getKnownPropertyIds().stream()
                                .map(Object::toString)
                                .sorted()
                                .reduce((a, b) -> a + ", " + b)
                                .orElse("")
                        + ")";
            }
        } else if (e instanceof InvalidFormatException f) {
            reason = "'" + f.getValue() + "' is not " + article(f.getTargetType());
            if (f.getCause() instanceof IllegalArgumentException iae) {
                reason = iae.getMessage();
            }
        } else if (e instanceof ValueInstantiationException v && v.getCause() != null) {
            reason = v.getCause().getMessage();
        } else if (e instanceof MismatchedInputException m) {
            reason = "expected " + article(m.getTargetType());
        } else {
            reason = e.getOriginalMessage();
        }
        return new ConfigException.Problem(path, reason);
    }

    private static com.fasterxml.jackson.core.JsonParseException syntaxErrorIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof com.fasterxml.jackson.core.JsonParseException jpe) {
                return jpe;
            }
        }
        return null;
    }

    private static String article(Class<?> type) {
        if (type == null) {
            return "a valid value";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Duration.class) {
            return "a duration (examples: 90s, 1m30s, 500ms)";
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        return "a mapping (" + type.getSimpleName() + ")";
    }

    static String pathOf(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            } else if (r.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(r.getFieldName());
            }
        }
        return sb.toString();
    }

    /** Records each unknown field with its path and what is known there, and skips its value. */
    private static final class UnknownFields extends DeserializationProblemHandler {
        final List<ConfigException.Problem> problems = new ArrayList<>();

        @Override
        public boolean handleUnknownProperty(
                DeserializationContext ctxt,
                JsonParser p,
                JsonDeserializer<?> deserializer,
                Object beanOrClass,
                String propertyName)
                throws IOException {
            String parent = pathOf(p.getParsingContext().getParent());
            String reason = "unknown field";
            if (deserializer != null
                    && deserializer.getKnownPropertyNames() != null
                    && !deserializer.getKnownPropertyNames().isEmpty()) {
                reason += " (known here: "
                        + deserializer.getKnownPropertyNames().stream()
                                .map(Object::toString)
                                .sorted()
                                .reduce((a, b) -> a + ", " + b)
                                .orElse("")
                        + ")";
            }
            problems.add(
                    new ConfigException.Problem(parent.isEmpty() ? propertyName : parent + "." + propertyName, reason));
            p.skipChildren();
            return true;
        }

        /** {@code peers[2]} for the context of an object inside the list {@code peers}. */
        private static String pathOf(JsonStreamContext ctx) {
            List<String> parts = new ArrayList<>();
            for (JsonStreamContext c = ctx; c != null && !c.inRoot(); c = c.getParent()) {
                if (c.inArray()) {
                    parts.add(0, "[" + Math.max(0, c.getCurrentIndex()) + "]");
                } else if (c.getCurrentName() != null) {
                    parts.add(0, "." + c.getCurrentName());
                }
            }
            String joined = String.join("", parts);
            return joined.startsWith(".") ? joined.substring(1) : joined;
        }
    }

    private static final class DurationDeserializer extends JsonDeserializer<Duration> {
        @Override
        public Duration deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
            String text = p.getValueAsString();
            if (text == null) {
                throw MismatchedInputException.from(p, Duration.class, "expected a duration");
            }
            try {
                return DurationText.parse(text);
            } catch (IllegalArgumentException e) {
                InvalidFormatException ife = InvalidFormatException.from(p, e.getMessage(), text, Duration.class);
                ife.initCause(e);
                throw ife;
            }
        }
    }
}
