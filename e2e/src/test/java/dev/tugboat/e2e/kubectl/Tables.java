package dev.tugboat.e2e.kubectl;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Assertions on kubectl's tabular output. An expected table is written as it looks, each column aligned
 * under its header; a cell may contain placeholders for values that vary between runs: {@code {age}}
 * (kubectl's human duration), {@code {ip}} (an IPv4 address), {@code {nodeport}} (a port in
 * 30000-32767) and {@code {rv}} (a resourceVersion). Everything else must match literally. Stateless.
 */
final class Tables {

    /** kubectl's human-readable duration (AGE): {@code 5s}, {@code 2m10s}, {@code 3h}, {@code 2d4h}, {@code 1y20d}. */
    static final String AGE = "(\\d+s|\\d+m(\\d+s)?|\\d+h(\\d+m)?|\\d+d(\\d+h)?|\\d+y(\\d+d)?)";

    /** kubectl's tabwriter settings (cli-runtime printers): minimum cell width 6, padding 3. */
    private static final int MIN_WIDTH = 6;
    private static final int PADDING = 3;

    private static final Pattern CELL_SEPARATOR = Pattern.compile(" {2,}");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(age|ip|nodeport|rv)}");

    private Tables() {
    }

    /**
     * Asserts the rows and cells of {@code actual} against {@code expected}, and that {@code actual} is laid
     * out exactly as kubectl's tabwriter lays out those cells (aligned columns, three spaces of padding).
     * Both tables are split into columns where their header's columns start, so cells may be empty;
     * {@code expected} must therefore be aligned under its own header.
     */
    static void assertTable(String actual, String expected) {
        List<List<String>> got = alignedCells(actual);
        assertRows(actual, got, alignedCells(expected));
        assertThat(actual).as("column layout").isEqualTo(layout(got));
    }

    /**
     * Asserts the rows and cells of {@code actual} against {@code expected}, ignoring column widths (for
     * {@code get -w}, whose widths are fixed by the first rows printed). Cells are split at runs of two
     * or more spaces, so neither table may have empty cells.
     */
    static void assertCells(String actual, String expected) {
        assertRows(actual, cells(actual), cells(expected));
    }

    private static void assertRows(String actual, List<List<String>> got, List<List<String>> want) {
        assertThat(got).as("rows of:\n%s", actual).hasSize(want.size());
        for (int i = 0; i < want.size(); i++) {
            List<String> g = got.get(i);
            List<String> w = want.get(i);
            assertThat(g).as("cells of row %d in:\n%s", i, actual).hasSize(w.size());
            for (int c = 0; c < w.size(); c++) {
                assertThat(g.get(c)).as("row %d cell %d in:\n%s", i, c, actual).matches(pattern(w.get(c)));
            }
        }
    }

    /** The cells of each non-empty line, split at runs of two or more spaces. */
    static List<List<String>> cells(String table) {
        List<List<String>> rows = new ArrayList<>();
        for (String line : table.split("\n")) {
            if (!line.isBlank()) {
                rows.add(Arrays.asList(CELL_SEPARATOR.split(line.strip())));
            }
        }
        return rows;
    }

    /** The cells of each non-empty line, cut where the header's columns start. */
    private static List<List<String>> alignedCells(String table) {
        List<String> lines = table.lines().filter(l -> !l.isBlank()).toList();
        assertThat(lines).as("table lines of:\n%s", table).isNotEmpty();
        List<Integer> starts = new ArrayList<>();
        Matcher header = Pattern.compile("\\S+( \\S+)*").matcher(lines.getFirst());
        while (header.find()) {
            starts.add(header.start());
        }
        List<List<String>> rows = new ArrayList<>();
        for (String line : lines) {
            List<String> row = new ArrayList<>();
            for (int c = 0; c < starts.size(); c++) {
                int from = Math.min(starts.get(c), line.length());
                int to = c + 1 < starts.size() ? Math.min(starts.get(c + 1), line.length()) : line.length();
                row.add(line.substring(from, to).strip());
            }
            rows.add(row);
        }
        return rows;
    }

    private static String layout(List<List<String>> rows) {
        int columns = rows.getFirst().size();
        int[] widths = new int[columns];
        for (List<String> row : rows) {
            for (int c = 0; c < row.size() - 1; c++) {
                widths[c] = Math.max(widths[c], Math.max(MIN_WIDTH, row.get(c).length() + PADDING));
            }
        }
        StringBuilder out = new StringBuilder();
        for (List<String> row : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < row.size() - 1; c++) {
                line.append(row.get(c)).append(" ".repeat(widths[c] - row.get(c).length()));
            }
            line.append(row.getLast());
            // A row ending in empty cells ends in padding; kubectl prints that padding as is.
            out.append(line).append('\n');
        }
        return out.toString();
    }

    private static String pattern(String cell) {
        StringBuilder regex = new StringBuilder();
        Matcher m = PLACEHOLDER.matcher(cell);
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(cell.substring(last, m.start())));
            regex.append(switch (m.group(1)) {
                case "age" -> AGE;
                case "ip" -> "\\d{1,3}(\\.\\d{1,3}){3}";
                case "nodeport" -> "3[0-2]\\d{3}";
                default -> "\\d+";
            });
            last = m.end();
        }
        regex.append(Pattern.quote(cell.substring(last)));
        return regex.toString();
    }
}
