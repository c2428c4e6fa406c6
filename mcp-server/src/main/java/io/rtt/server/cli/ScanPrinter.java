package io.rtt.server.cli;

import java.io.PrintWriter;
import java.util.Map;
import java.util.stream.Collectors;

import io.rtt.engine.model.Component;
import io.rtt.engine.model.Diagnostic;
import io.rtt.engine.model.Edge;
import io.rtt.engine.model.Evidence;
import io.rtt.engine.scan.ScanCounts;
import io.rtt.engine.scan.ScanResult;

/**
 * Renders a scan for people: a summary line, and on request the components, edges and diagnostics.
 */
final class ScanPrinter
{
    private ScanPrinter()
    {
    }

    static void summary(final PrintWriter out, final ScanResult result)
    {
        final ScanCounts counts = ScanCounts.of(result.index());
        out.printf("%s: %d components (%s), %d edges, %d dependencies, %d diagnostics; %d files walked%s%n",
            result.index().root(), counts.components(), join(counts.byKind()), counts.edges(), counts.dependencies(),
            counts.diagnostics(), result.filesVisited(), result.fromCache() ? " (unchanged, from cache)" : "");
        if (!counts.byLanguage().isEmpty())
        {
            out.printf("languages: %s%n", join(counts.byLanguage()));
        }
    }

    static void details(final PrintWriter out, final ScanResult result)
    {
        out.println();
        out.println("COMPONENTS");
        out.printf("  %-16s %-10s %-11s %-10s %s%n", "ID", "KIND", "LANGUAGE", "PATH", "IMAGE");
        for (final Component c : result.index().components())
        {
            out.printf("  %-16s %-10s %-11s %-10s %s%n", c.id(), c.kind().name().toLowerCase(java.util.Locale.ROOT),
                orDash(c.language()), orDash(c.path()), orDash(c.image()));
        }
        out.println();
        out.println("EDGES (who calls whom)");
        if (result.index().edges().isEmpty())
        {
            out.println("  none found");
        }
        for (final Edge edge : result.index().edges())
        {
            out.printf("  %s -> %s%n", edge.from(), edge.to());
            for (final Evidence e : edge.evidence())
            {
                out.printf("      %s:%d  %s%n", e.file(), e.line(), e.seen());
            }
        }
        out.println();
        out.println("DIAGNOSTICS");
        if (result.index().diagnostics().isEmpty())
        {
            out.println("  none");
        }
        for (final Diagnostic d : result.index().diagnostics())
        {
            out.printf("  %s:%d: %s: %s%n", d.file(), d.line(), d.severity(), d.message());
        }
    }

    private static String join(final Map<String, Integer> counts)
    {
        return counts.entrySet().stream().map(e -> e.getValue() + " " + e.getKey())
            .collect(Collectors.joining(", "));
    }

    private static String orDash(final String value)
    {
        return value == null ? "-" : value;
    }
}
