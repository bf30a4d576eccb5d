package io.ovnbgp.bridge.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Columns padded to their widest cell; numeric columns right-aligned, the last column left unpadded. A note is a
 * line of its own between rows, not measured (e.g. the OVN rows under a prefix's paths).
 */
final class TextTable {
    private final List<String> header;
    private final boolean[] rightAligned;
    private final List<List<String>> rows = new ArrayList<>();

    TextTable(List<String> header, boolean... rightAligned) {
        this.header = header;
        this.rightAligned = rightAligned;
    }

    void add(List<String> row) {
        rows.add(row);
    }

    void note(String line) {
        rows.add(List.of(NOTE, line));
    }

    private static final String NOTE = "\u0000note";

    private static boolean isNote(List<String> r) {
        return r.size() == 2 && r.get(0) == NOTE;
    }

    String render(String indent) {
        int n = header.size();
        int[] w = new int[n];
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        for (List<String> r : all) {
            for (int i = 0; i < n && !isNote(r); i++) {
                w[i] = Math.max(w[i], r.get(i).length());
            }
        }
        StringBuilder b = new StringBuilder();
        for (List<String> r : all) {
            if (isNote(r)) {
                b.append(indent).append(r.get(1)).append('\n');
                continue;
            }
            StringBuilder line = new StringBuilder(indent);
            for (int i = 0; i < n; i++) {
                String cell = r.get(i);
                boolean right = i < rightAligned.length && rightAligned[i];
                if (i == n - 1 && !right) {
                    line.append(cell);
                } else {
                    line.append(
                            right ? " ".repeat(w[i] - cell.length()) + cell : cell + " ".repeat(w[i] - cell.length()));
                }
                if (i < n - 1) {
                    line.append("  ");
                }
            }
            b.append(line.toString().stripTrailing()).append('\n');
        }
        return b.toString();
    }
}
