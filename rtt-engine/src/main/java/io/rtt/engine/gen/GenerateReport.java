package io.rtt.engine.gen;

import java.util.List;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * What {@code rtt gen} wrote: from which committed plan, where, each file with what became of it, and each route it
 * wrote no client for, with the reason.
 *
 * @param format  {@value #FORMAT}.
 * @param seq     the WAL frame whose graph the clients were made from; 0 for an empty log.
 * @param plan    the id of the plan that committed that graph ({@code seq:N} for a rollback to frame N), or empty.
 * @param graph   the graph's digest.
 * @param out     the output directory, workspace-relative; each calling component's clients are in
 *                {@code <out>/<component>/}.
 * @param files   every file written or found unchanged, sorted by path.
 * @param skipped the routes without a client, sorted by route.
 * @param notes   what a reader should know: a route a client cannot reach as it is, an empty log.
 */
public record GenerateReport(String format, long seq, String plan, String graph, String out, List<File> files,
    List<Skipped> skipped, List<String> notes)
{
    /** The report's format. */
    public static final String FORMAT = "rtt.gen/1";

    /**
     * Validates the report.
     */
    public GenerateReport
    {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(plan, "plan");
        Objects.requireNonNull(graph, "graph");
        Objects.requireNonNull(out, "out");
        files = List.copyOf(files);
        skipped = List.copyOf(skipped);
        notes = List.copyOf(notes);
    }

    /**
     * One file.
     *
     * @param path      workspace-relative.
     * @param component the calling component whose directory it is in.
     * @param language  the connector language.
     * @param route     the route it is the client of, or null for a library file.
     * @param status    {@code created}, {@code updated} or {@code unchanged}.
     */
    public record File(String path, String component, String language, @Nullable String route, String status)
    {
    }

    /**
     * A route without a client.
     *
     * @param route     the route.
     * @param component its calling component.
     * @param reason    why, and what to do about it.
     */
    public record Skipped(String route, String component, String reason)
    {
    }
}
