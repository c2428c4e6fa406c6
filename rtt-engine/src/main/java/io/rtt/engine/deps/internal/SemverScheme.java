package io.rtt.engine.deps.internal;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.semver4j.RangesList;
import org.semver4j.RangesListFactory;
import org.semver4j.Semver;

/**
 * npm and Cargo ranges on semver4j: {@code ^ ~ x || - >= <} and hyphen ranges. A Cargo requirement without an
 * operator means caret. Workspace, file, link, git, URL and alias specifiers and dist-tags are not versions.
 */
final class SemverScheme implements VersionScheme
{
    static final SemverScheme NPM = new SemverScheme(false);
    static final SemverScheme CARGO = new SemverScheme(true);

    private static final Pattern VERSION = Pattern.compile("v?(\\d+)(?:\\.(\\d+|[xX*]))?(?:\\.(\\d+|[xX*]))?([-+][0-9A-Za-z.+-]*)?");
    private static final Pattern NON_VERSION = Pattern.compile("^(workspace:|file:|link:|portal:|patch:|npm:|git|github:|https?:|[a-z]+/[a-z])");

    private final boolean bareIsCaret;
    // Parsed once per distinct text: a group compares every candidate with every declared range.
    private final Map<String, RangesList> ranges = new ConcurrentHashMap<>();
    private final Map<String, Semver> versions = new ConcurrentHashMap<>();
    private final Map<String, Optional<Spec>> specs = new ConcurrentHashMap<>();

    private SemverScheme(final boolean bareIsCaret)
    {
        this.bareIsCaret = bareIsCaret;
    }

    @Override
    public Spec parse(final String specifier)
    {
        return specs.computeIfAbsent(specifier, s -> Optional.ofNullable(parseUncached(s))).orElse(null);
    }

    private Spec parseUncached(final String specifier)
    {
        final String text = specifier.trim();
        if (text.isEmpty() || NON_VERSION.matcher(text).find() || Character.isLetter(text.charAt(0)) &&
            !text.startsWith("v"))
        {
            return null; // paths, URLs, git references, aliases, dist-tags such as latest
        }
        final String range = bareIsCaret && Character.isDigit(text.charAt(0)) ? "^" + text : text;
        try
        {
            final RangesList ranges = RangesListFactory.create(range);
            if (ranges.get().isEmpty() && !"*".equals(text))
            {
                return null;
            }
        }
        catch (final RuntimeException ex)
        {
            return null;
        }
        final List<String> mentioned = new ArrayList<>();
        final Matcher matcher = VERSION.matcher(text);
        while (matcher.find())
        {
            final Semver coerced = Semver.coerce(matcher.group());
            if (coerced != null)
            {
                mentioned.add(coerced.getVersion());
            }
        }
        return new Spec(text, mentioned, greediness(text), this);
    }

    @Override
    public boolean allows(final Spec spec, final String version)
    {
        final Semver semver = version(version);
        return semver != null && semver.satisfies(ranges.computeIfAbsent(spec.text(), text ->
            RangesListFactory.create(bareIsCaret && Character.isDigit(text.charAt(0)) ? "^" + text : text)));
    }

    @Override
    public Comparator<String> order()
    {
        return Comparator.comparing(this::version, Comparator.nullsFirst(Comparator.naturalOrder()));
    }

    private Semver version(final String text)
    {
        final Semver cached = versions.get(text);
        if (cached != null)
        {
            return cached;
        }
        final Semver parsed = Semver.coerce(text);
        if (parsed != null)
        {
            versions.put(text, parsed);
        }
        return parsed;
    }

    private static int greediness(final String text)
    {
        if (text.equals("*") || text.contains("x") || text.contains("X"))
        {
            return 6;
        }
        if (text.startsWith(">="))
        {
            return 5;
        }
        if (text.startsWith(">"))
        {
            return 5;
        }
        if (text.startsWith("^"))
        {
            return 4;
        }
        if (text.startsWith("~"))
        {
            return 3;
        }
        if (text.startsWith("<"))
        {
            return 1;
        }
        return 2; // exact
    }
}
