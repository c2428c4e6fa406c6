package io.rtt.engine.deps.internal;

import java.util.Comparator;
import java.util.List;

import org.semver4j.Semver;

/**
 * Go module versions ({@code v1.2.3}, pseudo-versions included): a requirement is a minimum, and minimal version
 * selection builds with the highest one required, so every requirement allows every higher version.
 */
final class GoScheme implements VersionScheme
{
    static final GoScheme INSTANCE = new GoScheme();

    @Override
    public Spec parse(final String specifier)
    {
        final String text = specifier.trim();
        if (!text.startsWith("v") || Semver.coerce(text.substring(1)) == null)
        {
            return null;
        }
        return new Spec(text, List.of(text), 5, this);
    }

    @Override
    public boolean allows(final Spec spec, final String version)
    {
        return order().compare(version, spec.text()) >= 0;
    }

    @Override
    public String withVersion(final Spec spec, final String version)
    {
        return parse(version) == null ? null : version;
    }

    @Override
    public Comparator<String> order()
    {
        return Comparator.comparing(v -> Semver.parse(v.substring(1).replace("+incompatible", "")) != null ?
            Semver.parse(v.substring(1).replace("+incompatible", "")) : Semver.coerce(v.substring(1)));
    }
}
