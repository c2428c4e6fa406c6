package io.rtt.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.modelcontextprotocol.spec.McpSchema;
import io.rtt.engine.RttException;
import io.rtt.engine.deps.DoctorReport;
import io.rtt.engine.deps.DriftGroup;
import io.rtt.engine.deps.Occurrence;
import io.rtt.engine.json.Digests;
import io.rtt.engine.model.Diagnostic;

/**
 * {@code rtt_doctor}: version drift across the workspace's manifests. Read-only: it writes only RTT's own report.
 */
public final class DoctorTool implements RttTool
{
    /** The tool's name. */
    public static final String NAME = "rtt_doctor";

    private static final Set<String> ARGUMENTS = Set.of("all", "limit", "cursor");
    private static final int DEFAULT_LIMIT = 50;
    private static final int MAX_LIMIT = 1000;

    record Counts(int groups, long drifting, long flagged)
    {
    }

    record Output(boolean drifts, String report, Counts counts, List<DriftGroup> groups, List<Diagnostic> diagnostics,
        String nextCursor)
    {
    }

    private final McpSchema.Tool definition = ToolDefinitions.define(NAME, "Find dependency drift",
        "Find the same dependency declared with different versions across manifests (npm, PyPI, " +
            "Maven, Cargo, Go, NuGet), each judged by its ecosystem's own range semantics, and propose one " +
            "version per group with the reason. Groups are paged (limit, cursor/nextCursor). Policy comes from rtt.yaml (deps: strategy, sameRange, pin, ban, " +
            "ignore). To apply the proposals, call rtt_doctor_fix (dry run first).",
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
        final boolean all = call.bool("all", false);
        final int limit = call.integer("limit", DEFAULT_LIMIT, 1, MAX_LIMIT);
        final DoctorReport report = call.engine().doctor();
        final Path file = call.engine().workspace().layout().depUnifyFile();
        final int offset = PageCursor.offset(call.string("cursor"), digestOf(file));
        final List<DriftGroup> groups = report.groups().stream().filter(g -> all || g.drifts()).toList();
        final Counts counts = new Counts(report.groups().size(),
            report.groups().stream().filter(DriftGroup::drifts).count(),
            report.groups().stream().flatMap(g -> g.occurrences().stream()).filter(Occurrence::flagged).count());
        return ToolJson.success(ToolJson.toMap(new Output(report.drifts(), file.toString(), counts,
            PageCursor.page(groups, offset, limit), report.diagnostics(),
            offset + limit < groups.size() ? PageCursor.encode(offset + limit, digestOf(file)) : null)));
    }

    /** The report's digest binds a cursor to the report it pages. */
    private static String digestOf(final Path report)
    {
        try
        {
            return Digests.sha256(Files.readAllBytes(report));
        }
        catch (final IOException ex)
        {
            throw new RttException(RttException.Kind.IO, "cannot read " + report + ": " + ex, ex);
        }
    }
}
