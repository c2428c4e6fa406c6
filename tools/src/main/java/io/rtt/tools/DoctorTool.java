package io.rtt.tools;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import io.modelcontextprotocol.spec.McpSchema;
import io.rtt.engine.deps.DoctorReport;
import io.rtt.engine.deps.DriftGroup;
import io.rtt.engine.deps.Occurrence;
import io.rtt.engine.model.Diagnostic;

/**
 * {@code rtt_doctor}: version drift across the workspace's manifests. Read-only in the sense MCP clients act on: it
 * changes none of the user's files, only RTT's own report {@code .rtt/plans/dep.unify.json} (and the scan cache),
 * which the next run rewrites.
 */
public final class DoctorTool implements RttTool
{
    /** The tool's name. */
    public static final String NAME = "rtt_doctor";

    private static final Set<String> ARGUMENTS = Set.of("all", "limit", "cursor", "maxChars");

    record Counts(int groups, long drifting, long flagged)
    {
    }

    record Output(boolean drifts, String report, Counts counts, List<DriftGroup> groups, List<Diagnostic> diagnostics)
    {
    }

    private final McpSchema.Tool definition = ToolDefinitions.define(NAME, "Find dependency drift",
        "Find the same dependency declared with different versions across manifests (npm, PyPI, " +
            "Maven, Cargo, Go, NuGet), each judged by its ecosystem's own range semantics, and propose one " +
            "version per group with the reason. The answer fits maxChars (default 20000 characters): groups, then " +
            "diagnostics, page in order, each cut noted in 'truncated'; pass nextCursor as cursor for the rest. " +
            "Policy comes from rtt.yaml (deps: strategy, sameRange, pin, ban, ignore). To apply the proposals, call " +
            "rtt_doctor_fix (dry run first). Read-only: it changes none of your files, only RTT's own report " +
            ".rtt/plans/dep.unify.json and scan cache .rtt/index/.",
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
        call.scan(null, false);
        final DoctorReport report = call.engine().doctor();
        final Path file = call.engine().workspace().layout().depUnifyFile();
        final List<DriftGroup> groups = report.groups().stream().filter(g -> all || g.drifts()).toList();
        final Counts counts = new Counts(report.groups().size(),
            report.groups().stream().filter(DriftGroup::drifts).count(),
            report.groups().stream().flatMap(g -> g.occurrences().stream()).filter(Occurrence::flagged).count());
        call.log().log(McpSchema.LoggingLevel.INFO, counts.drifting() + " of " + counts.groups() +
            " dependencies drift; report in " + file);
        return call.result(new Output(report.drifts(), file.toString(), counts, groups, report.diagnostics()), null);
    }
}
