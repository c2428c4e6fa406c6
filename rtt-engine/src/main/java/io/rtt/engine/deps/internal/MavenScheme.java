package io.rtt.engine.deps.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import org.apache.maven.artifact.versioning.ArtifactVersion;
import org.apache.maven.artifact.versioning.ComparableVersion;
import org.apache.maven.artifact.versioning.DefaultArtifactVersion;
import org.apache.maven.artifact.versioning.InvalidVersionSpecificationException;
import org.apache.maven.artifact.versioning.Restriction;
import org.apache.maven.artifact.versioning.VersionRange;

/**
 * Maven and NuGet versions on maven-artifact: {@code ComparableVersion} order and {@code [1.0,2.0)} ranges. A bare
 * Maven version is a soft requirement, compared as exactly that version; a bare NuGet version means
 * "this or higher".
 */
final class MavenScheme implements VersionScheme
{
    static final MavenScheme MAVEN = new MavenScheme(false);
    static final MavenScheme NUGET = new MavenScheme(true);

    private final boolean bareIsMinimum;

    private MavenScheme(final boolean bareIsMinimum)
    {
        this.bareIsMinimum = bareIsMinimum;
    }

    @Override
    public Spec parse(final String specifier)
    {
        final String text = specifier.trim();
        if (text.isEmpty() || text.contains("${") || text.contains("$("))
        {
            return null; // no version here, or an unresolved property
        }
        try
        {
            final VersionRange range = VersionRange.createFromVersionSpec(text);
            final List<String> mentioned = new ArrayList<>();
            if (range.getRecommendedVersion() != null)
            {
                mentioned.add(range.getRecommendedVersion().toString());
            }
            for (final Restriction restriction : range.getRestrictions())
            {
                if (restriction.getLowerBound() != null)
                {
                    mentioned.add(restriction.getLowerBound().toString());
                }
                if (restriction.getUpperBound() != null && restriction.isUpperBoundInclusive())
                {
                    mentioned.add(restriction.getUpperBound().toString());
                }
            }
            final boolean isRange = text.startsWith("[") || text.startsWith("(");
            return new Spec(text, mentioned, isRange || bareIsMinimum ? 5 : 2, this);
        }
        catch (final InvalidVersionSpecificationException ex)
        {
            return null;
        }
    }

    @Override
    public boolean allows(final Spec spec, final String version)
    {
        final ArtifactVersion candidate = new DefaultArtifactVersion(version);
        final String text = spec.text();
        if (!text.startsWith("[") && !text.startsWith("("))
        {
            final int c = new ComparableVersion(version).compareTo(new ComparableVersion(text));
            return bareIsMinimum ? c >= 0 : c == 0;
        }
        try
        {
            return VersionRange.createFromVersionSpec(text).containsVersion(candidate);
        }
        catch (final InvalidVersionSpecificationException ex)
        {
            return false;
        }
    }

    @Override
    public String withVersion(final Spec spec, final String version)
    {
        final String text = spec.text();
        // A bare version and a one-version range [1.2.3] name one version; other ranges name none.
        final boolean pinned = text.startsWith("[") && text.endsWith("]") && !text.contains(",");
        if (!pinned && (text.startsWith("[") || text.startsWith("(")))
        {
            return null;
        }
        final String moved = pinned ? "[" + version + "]" : version;
        final Spec parsed = parse(moved);
        return parsed != null && allows(parsed, version) ? moved : null;
    }

    @Override
    public Comparator<String> order()
    {
        return Comparator.comparing(ComparableVersion::new);
    }
}
