package io.rtt.engine.deps;

import java.util.List;
import java.util.Objects;

/**
 * Every declaration of one dependency across the workspace, and the one specifier proposed for them.
 *
 * @param ecosystem   the package ecosystem.
 * @param name        the normalised package name.
 * @param proposed    the specifier every declaration should have, or {@code ""} when none can be proposed.
 * @param reason      why, in words: the version chosen and the rule, or the constraints that clash.
 * @param occurrences the declarations, by file and line.
 */
public record DriftGroup(String ecosystem, String name, String proposed, String reason, List<Occurrence> occurrences)
{
    /**
     * Validates the group and sorts its occurrences.
     */
    public DriftGroup
    {
        Objects.requireNonNull(ecosystem, "ecosystem");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(proposed, "proposed");
        Objects.requireNonNull(reason, "reason");
        occurrences = occurrences.stream().sorted().toList();
    }

    /**
     * Whether any declaration is flagged.
     *
     * @return true if the group drifts.
     */
    public boolean drifts()
    {
        return occurrences.stream().anyMatch(Occurrence::flagged);
    }
}
