package io.rtt.engine.scan;

import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import io.rtt.engine.model.Component;
import io.rtt.engine.model.SymbolIndex;

/**
 * How much a scan found, for summaries: totals, and components by kind and by language.
 *
 * @param components   number of components.
 * @param dependencies number of declared dependencies.
 * @param edges        number of edges.
 * @param diagnostics  number of diagnostics.
 * @param byKind       components per kind (lower case), sorted by kind.
 * @param byLanguage   components per language, sorted; image-only components count as {@code none}.
 */
public record ScanCounts(
    int components,
    int dependencies,
    int edges,
    int diagnostics,
    Map<String, Integer> byKind,
    Map<String, Integer> byLanguage)
{
    /**
     * Validates the record and freezes its maps.
     */
    public ScanCounts
    {
        byKind = Collections.unmodifiableMap(new TreeMap<>(byKind));
        byLanguage = Collections.unmodifiableMap(new TreeMap<>(byLanguage));
    }

    /**
     * Counts what an index holds.
     *
     * @param index the index.
     * @return its counts.
     */
    public static ScanCounts of(final SymbolIndex index)
    {
        final Map<String, Integer> byKind = new TreeMap<>();
        final Map<String, Integer> byLanguage = new TreeMap<>();
        for (final Component component : index.components())
        {
            byKind.merge(component.kind().name().toLowerCase(Locale.ROOT), 1, Integer::sum);
            byLanguage.merge(component.language() == null ? "none" : component.language(), 1, Integer::sum);
        }
        return new ScanCounts(index.components().size(), index.dependencies().size(), index.edges().size(),
            index.diagnostics().size(), byKind, byLanguage);
    }
}
