package io.rtt.engine.model;

import java.util.List;
import java.util.Objects;

import io.rtt.engine.json.Json;

/**
 * What a scan found: the document written to {@code .rtt/index/symbols.index.json}.
 * <p>
 * Every list is sorted, so the same tree gives the same canonical bytes.
 *
 * @param format       the document format and version, {@value #FORMAT}.
 * @param root         the workspace root's real path.
 * @param components   components, by id.
 * @param dependencies declared dependencies.
 * @param edges        who calls whom.
 * @param diagnostics  problems found while scanning.
 * @param files        the files read, with their digests.
 */
public record SymbolIndex(
    String format,
    String root,
    List<Component> components,
    List<Dependency> dependencies,
    List<Edge> edges,
    List<Diagnostic> diagnostics,
    List<SourceFile> files)
{
    /** Format of the index document. */
    public static final String FORMAT = "rtt.index/1";

    /**
     * Validates the index and sorts its collections.
     */
    public SymbolIndex
    {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(root, "root");
        components = components.stream()
            .sorted(java.util.Comparator.comparing(Component::id))
            .toList();
        dependencies = dependencies.stream().sorted().distinct().toList();
        edges = edges.stream().sorted().toList();
        diagnostics = diagnostics.stream().sorted().distinct().toList();
        files = files.stream().sorted().distinct().toList();
        for (int i = 1; i < components.size(); i++)
        {
            if (components.get(i).id().equals(components.get(i - 1).id()))
            {
                throw new IllegalArgumentException("duplicate component id: " + components.get(i).id());
            }
        }
    }

    /**
     * The index's canonical bytes (RFC 8785), as written to disk.
     *
     * @return canonical JSON bytes.
     */
    public byte[] canonicalBytes()
    {
        return Json.canonicalBytes(this);
    }
}
