package io.rtt.tools;

import java.util.List;
import java.util.Set;

import io.modelcontextprotocol.spec.McpSchema;
import io.rtt.engine.deps.DepFixer;

/**
 * {@code rtt_doctor_fix}: rewrites the version strings {@code rtt_doctor} flags. Destructive: it edits the
 * workspace's manifests (only the version strings, atomically). Dry run unless told otherwise.
 */
public final class DoctorFixTool implements RttTool
{
    /** The tool's name. */
    public static final String NAME = "rtt_doctor_fix";

    private static final Set<String> ARGUMENTS = Set.of("dry_run", "cursor", "maxChars");

    record Output(boolean dryRun, List<String> files, int edits, List<String> skipped, String diff)
    {
    }

    private final McpSchema.Tool definition = ToolDefinitions.define(NAME, "Fix dependency drift",
        "Rewrite the drifting version strings rtt_doctor reports, changing nothing else in each " +
            "manifest. dry_run defaults to true and returns the unified diff; show it to the user, then call with " +
            "dry_run=false to write. Running it twice changes nothing the second time. The answer fits maxChars (default " +
            "20000 characters): a long diff is cut, noted in 'truncated'; read all of it with dry_run=true and " +
            "nextCursor as cursor before writing.",
        false, true, true);

    @Override
    public McpSchema.Tool definition()
    {
        return definition;
    }

    @Override
    public McpSchema.CallToolResult call(final ToolCall call)
    {
        call.requireOnly(ARGUMENTS);
        final boolean dryRun = call.bool("dry_run", true);
        call.scan(null, false);
        final DepFixer.FixResult result = call.engine().fixDependencies(dryRun);
        call.log().log(McpSchema.LoggingLevel.INFO, (dryRun ? "would edit " : "edited ") + result.edits() +
            " version strings in " + result.files().size() + " files");
        return call.result(new Output(dryRun, result.files(), result.edits(), result.skipped(), result.diff()), null);
    }
}
