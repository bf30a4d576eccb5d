package io.ovnbgp.bridge.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration that was refused: every problem found, each with the field's path and the reason. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    /** One problem: {@code peers[0].holdTime} and what is wrong with it. */
    public record Problem(String path, String reason) {
        @Override
        public String toString() {
            return (path.isEmpty() ? "(top level)" : path) + ": " + reason;
        }
    }

    private final List<Problem> problems;

    public ConfigException(String source, List<Problem> problems) {
        super("invalid configuration " + source + ":\n"
                + problems.stream().map(p -> "  " + p).collect(Collectors.joining("\n")));
        this.problems = List.copyOf(problems);
    }

    public List<Problem> problems() {
        return problems;
    }
}
