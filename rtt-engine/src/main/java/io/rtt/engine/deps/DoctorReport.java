package io.rtt.engine.deps;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;

import io.rtt.engine.json.Json;
import io.rtt.engine.model.Diagnostic;

/**
 * The doctor's findings: the document written to {@code .rtt/plans/dep.unify.json}.
 *
 * @param format      {@value #FORMAT}.
 * @param groups      dependencies declared more than once (or against a local package), by ecosystem and name.
 * @param diagnostics manifests that could not be read, and policy problems.
 */
public record DoctorReport(String format, List<DriftGroup> groups, List<Diagnostic> diagnostics)
{
    /** Format of the report document. */
    public static final String FORMAT = "rtt.dep-unify/1";

    /**
     * Validates the report and sorts its groups.
     */
    public DoctorReport
    {
        Objects.requireNonNull(format, "format");
        groups = groups.stream()
            .sorted(Comparator.comparing(DriftGroup::ecosystem).thenComparing(DriftGroup::name)).toList();
        diagnostics = diagnostics.stream().sorted().distinct().toList();
    }

    /**
     * Whether any group drifts.
     *
     * @return true if the workspace is not consistent.
     */
    public boolean drifts()
    {
        return groups.stream().anyMatch(DriftGroup::drifts);
    }

    /**
     * The report's canonical bytes.
     *
     * @return canonical JSON.
     */
    public byte[] canonicalBytes()
    {
        return Json.canonicalBytes(this);
    }
}
