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
 * Read-only and idempotent: it writes only RTT's own index under {@code .rtt/}.
 */
public final class ScanTool implements RttTool
{
    /** The tool's name. */
    public static final String NAME = "rtt_scan";

    private static final Set<String> ARGUMENTS = Set.of("path", "refresh", "limit", "cursor");
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 1000;

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
     * @param nextCursor   the cursor of the next page, or {@code null} on the last.
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
        List<Diagnostic> diagnostics,
        String nextCursor)
    {
    }

    private final McpSchema.Tool definition = ToolDefinitions.define(NAME, "Scan the workspace",
        "Walk the workspace (honouring .gitignore) and catalog its manifests, lockfiles, compose files, " +
            "Kubernetes manifests, Dockerfiles, .env and .proto files into components, who-calls-whom edges with " +
            "evidence (file, line, what was seen), and diagnostics. An unchanged tree is answered from cache; pass " +
            "refresh=true to force a re-parse. Lists are paged (limit, cursor/nextCursor); counts cover everything. " +
            "The full index is the resource " + IndexResource.URI + ".",
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
        final ScanResult result = call.engine().scan(path, call.bool("refresh", false),
            new ScanProgress(call.progress()));
        final var workspace = call.engine().workspace();
        final String scanned = workspace.relativize(workspace.resolveInside(path));
        final int limit = call.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        final int offset = PageCursor.offset(call.string("cursor"), result.digest());
        final var index = result.index();
        final int end = offset + limit;
        final boolean more = end < index.components().size() || end < index.edges().size() ||
            end < index.diagnostics().size();
        final Output output = new Output(
            result.index().root(),
            scanned,
            result.digest(),
            result.fromCache(),
            result.filesVisited(),
            ".".equals(scanned) ? IndexResource.URI : null,
            ScanCounts.of(result.index()),
            PageCursor.page(index.components(), offset, limit),
            PageCursor.page(index.edges(), offset, limit),
            PageCursor.page(index.diagnostics(), offset, limit),
            more ? PageCursor.encode(end, result.digest()) : null);
        return ToolJson.success(ToolJson.toMap(output));
    }
}
