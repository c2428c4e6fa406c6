package io.rtt.tools;

import java.util.List;
import java.util.Set;

import io.modelcontextprotocol.spec.McpSchema;
import io.rtt.engine.model.Component;
import io.rtt.engine.model.Diagnostic;
import io.rtt.engine.model.Edge;
import io.rtt.engine.scan.ScanCounts;
import io.rtt.engine.scan.ScanResult;

/**
 * {@code rtt_scan}: scans the workspace (or a directory of it) and returns its components, edges and diagnostics.
 * Read-only and idempotent in the sense MCP clients act on: it changes none of the user's files, only RTT's own
 * derived cache under {@code .rtt/index/}, which any later scan rebuilds. A cancelled scan stops its walk and writes
 * nothing.
 */
public final class ScanTool implements RttTool
{
    /** The tool's name. */
    public static final String NAME = "rtt_scan";

    private static final Set<String> ARGUMENTS = Set.of("path", "refresh", "limit", "cursor", "maxChars");

    /**
     * The structured content of a scan.
     *
     * @param root         the workspace root.
     * @param scanned      the directory scanned, relative to the root.
     * @param digest       digest of the index.
     * @param fromCache    whether nothing was re-parsed.
     * @param filesVisited files the walk saw.
     * @param index        the index resource URI, or {@code null} for a partial scan.
     * @param counts       totals and breakdowns.
     * @param components   the components.
     * @param edges        the edges.
     * @param diagnostics  the diagnostics.
     */
    record Output(
        String root,
        String scanned,
        String digest,
        boolean fromCache,
        long filesVisited,
        String index,
        ScanCounts counts,
        List<Component> components,
        List<Edge> edges,
        List<Diagnostic> diagnostics)
    {
    }

    private final McpSchema.Tool definition = ToolDefinitions.define(NAME, "Scan the workspace",
        "Walk the workspace (honouring .gitignore) and catalog its manifests, lockfiles, compose files, " +
            "Kubernetes manifests, Dockerfiles, .env and .proto files into components, who-calls-whom edges with " +
            "evidence (file, line, what was seen), and diagnostics. An unchanged tree is answered from cache; pass " +
            "refresh=true to force a re-parse. The answer fits maxChars (default 20000 characters): lists page in " +
            "order (components, edges, diagnostics) and an oversized item is cut inside, each cut noted in " +
            "'truncated' (from, shown, total); pass nextCursor as cursor for the rest. Counts cover everything. " +
            "The full index is the resource " + IndexResource.URI + ". Read-only: it changes none of your files, " +
            "only RTT's own cache under .rtt/index/.",
        true, false, true);

    @Override
    public McpSchema.Tool definition()
    {
        return definition;
    }

    @Override
    public McpSchema.CallToolResult call(final ToolCall call)
    {
        call.requireOnly(ARGUMENTS);
        final String path = call.string("path");
        final ScanResult result = call.scan(path, call.bool("refresh", false));
        final var workspace = call.engine().workspace();
        final String scanned = workspace.relativize(workspace.resolveInside(path));
        final ScanCounts counts = ScanCounts.of(result.index());
        call.log().log(McpSchema.LoggingLevel.INFO, "scanned " + scanned + ": " + counts.components() +
            " components, " + counts.edges() + " edges, " + counts.diagnostics() + " diagnostics from " +
            result.filesVisited() + " files" + (result.fromCache() ? " (unchanged since the last scan)" : ""));
        final Output output = new Output(
            result.index().root(),
            scanned,
            result.digest(),
            result.fromCache(),
            result.filesVisited(),
            ".".equals(scanned) ? IndexResource.URI : null,
            counts,
            result.index().components(),
            result.index().edges(),
            result.index().diagnostics());
        return call.result(output, result.digest());
    }
}
