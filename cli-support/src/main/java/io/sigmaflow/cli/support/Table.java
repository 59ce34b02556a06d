package io.sigmaflow.cli.support;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rows of text in aligned columns, headers in capitals, as {@code kubectl get} prints them: two
 * spaces between columns, no trailing blanks, an empty cell shown as {@code -} so that every row
 * splits into the same number of words.
 */
public final class Table {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... headers) {
        if (headers.length == 0) {
            throw new IllegalArgumentException("a table needs at least one column");
        }
        this.headers = Arrays.stream(headers).map(h -> h.toUpperCase(java.util.Locale.ROOT)).toList();
    }

    /** Adds a row; values are printed with {@code String.valueOf}, null and "" as {@code -}. */
    public Table row(Object... values) {
        if (values.length != headers.size()) {
            throw new IllegalArgumentException("row has " + values.length + " values for " + headers.size() + " columns " + headers);
        }
        List<String> row = new ArrayList<>(values.length);
        for (Object value : values) {
            String text = value == null ? "" : String.valueOf(value);
            row.add(text.isEmpty() ? "-" : text);
        }
        rows.add(row);
        return this;
    }

    public int size() {
        return rows.size();
    }

    /** The table, one line per row after the header line, each ending in a newline. */
    public String render() {
        int[] widths = new int[headers.size()];
        for (int c = 0; c < widths.length; c++) {
            widths[c] = headers.get(c).length();
            for (List<String> row : rows) {
                widths[c] = Math.max(widths[c], row.get(c).length());
            }
        }
        StringBuilder out = new StringBuilder();
        line(out, headers, widths);
        rows.forEach(row -> line(out, row, widths));
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells, int[] widths) {
        StringBuilder line = new StringBuilder();
        for (int c = 0; c < cells.size(); c++) {
            if (c > 0) {
                line.append("  ");
            }
            line.append(cells.get(c));
            if (c < cells.size() - 1) {
                line.append(" ".repeat(widths[c] - cells.get(c).length()));
            }
        }
        out.append(line.toString().stripTrailing()).append('\n');
    }
}
