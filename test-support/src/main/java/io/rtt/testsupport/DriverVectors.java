package io.rtt.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The golden vectors of a driver's section in docs/PROTOCOL.md ("Driver requests", {@code ### <driver>}), after its
 * line starting "Golden vectors" and up to the next heading, in either of the document's two forms: a table
 * {@code | name | `request` | `answer` |} (an error written {@code error `message`}), or a code block of
 * {@code request} lines each followed by {@code → answer} (an error written {@code → error frame: message}).
 */
public final class DriverVectors
{
    private static final String ERROR_CELL = "error ";
    private static final String ANSWER_LINE = "→ ";
    private static final String ERROR_LINE = "→ error frame: ";

    /**
     * One vector.
     *
     * @param name    its name in the table, or its request in a code block.
     * @param request the request's text.
     * @param answer  the answer's text, or the error frame's message.
     * @param error   whether the answer is an error frame.
     */
    public record Vector(String name, String request, String answer, boolean error)
    {
    }

    /** Runs one request as a test's driver does, returning its answer or throwing with its error's message. */
    @FunctionalInterface
    public interface Call
    {
        /**
         * Sends a request.
         *
         * @param request the request's text.
         * @return the answer's text.
         * @throws Exception whose message is the error frame's.
         */
        String answer(String request) throws Exception;
    }

    private DriverVectors()
    {
    }

    /**
     * Reads a driver's vectors.
     *
     * @param driver the driver, as its heading names it: {@code redis}, {@code postgres}, ...
     * @return its vectors, in order.
     * @throws IllegalStateException when the document has no such section or no vectors in it.
     */
    public static List<Vector> of(final String driver)
    {
        final List<String> section = section(driver);
        final List<Vector> vectors = new ArrayList<>();
        for (int i = 0; i < section.size(); i++)
        {
            final String line = section.get(i);
            if (line.startsWith("| ") && !line.startsWith("| name") && !line.startsWith("| ---"))
            {
                final String[] cells = line.substring(2, line.length() - 2).split(" \\| ");
                final boolean error = cells[2].startsWith(ERROR_CELL);
                vectors.add(new Vector(cells[0], unquote(cells[1]),
                    unquote(error ? cells[2].substring(ERROR_CELL.length()) : cells[2]), error));
            }
            else if (line.startsWith(ANSWER_LINE) && i > 0)
            {
                final boolean error = line.startsWith(ERROR_LINE);
                final String request = section.get(i - 1);
                vectors.add(new Vector(request, request,
                    line.substring(error ? ERROR_LINE.length() : ANSWER_LINE.length()), error));
            }
        }
        if (vectors.isEmpty())
        {
            throw new IllegalStateException("docs/PROTOCOL.md has no golden vectors for " + driver);
        }
        return vectors;
    }

    /**
     * Runs every vector of a driver and checks each answer.
     *
     * @param driver   the driver.
     * @param expected how many vectors the section must hold, so that a vector lost to an edit fails the test.
     * @param call     how the test sends a request.
     * @throws AssertionError naming the first vector whose answer differs, or a count that differs.
     */
    public static void check(final String driver, final int expected, final Call call)
    {
        final List<Vector> vectors = of(driver);
        if (vectors.size() != expected)
        {
            throw new AssertionError(driver + ": " + expected + " golden vectors expected, " + vectors.size() +
                " found: " + vectors);
        }
        for (final Vector vector : vectors)
        {
            String got;
            boolean failed;
            try
            {
                got = call.answer(vector.request());
                failed = false;
            }
            catch (final Exception ex)
            {
                got = ex.getMessage();
                failed = true;
            }
            if (failed != vector.error() || !vector.answer().equals(got))
            {
                throw new AssertionError(driver + " vector " + vector.name() + ": expected " +
                    (vector.error() ? "error " : "") + vector.answer() + ", got " + (failed ? "error " : "") + got);
            }
        }
    }

    private static List<String> section(final String driver)
    {
        Path root = Path.of("").toAbsolutePath();
        while (root != null && !Files.exists(root.resolve("docs/PROTOCOL.md")))
        {
            root = root.getParent();
        }
        if (root == null)
        {
            throw new IllegalStateException("no docs/PROTOCOL.md above " + Path.of("").toAbsolutePath());
        }
        try
        {
            return Files.readAllLines(root.resolve("docs/PROTOCOL.md"), StandardCharsets.UTF_8).stream()
                .dropWhile(line -> !line.equals("### " + driver))
                .dropWhile(line -> !line.startsWith("Golden vectors"))
                .skip(1)
                .takeWhile(line -> !line.startsWith("#"))
                .filter(line -> !line.isBlank() && !line.startsWith("```"))
                .toList();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static String unquote(final String cell)
    {
        return cell.startsWith("`") && cell.endsWith("`") ? cell.substring(1, cell.length() - 1) : cell;
    }
}
