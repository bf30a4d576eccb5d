package io.ovnbgp.bench;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Replaces the text between {@code <!-- NAME:begin -->} and {@code <!-- NAME:end -->} in a Markdown file
 * (appending the section if it is missing), so that benchmark scripts rewrite only their own results.
 */
public final class MarkdownSection {
    private MarkdownSection() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        String name = args[1];
        StringBuilder body = new StringBuilder();
        for (int i = 2; i < args.length; i++) {
            body.append(args[i]).append("\n\n");
        }
        String begin = "<!-- " + name + ":begin -->";
        String end = "<!-- " + name + ":end -->";
        String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "# Benchmarks\n";
        String section = begin + "\n" + body.toString().stripTrailing() + "\n" + end;
        int b = text.indexOf(begin);
        int e = text.indexOf(end);
        if (b >= 0 && e > b) {
            text = text.substring(0, b) + section + text.substring(e + end.length());
        } else {
            text = text.stripTrailing() + "\n\n" + section + "\n";
        }
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }
}
