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
 * operator means caret. An npm alias ({@code npm:pkg@^1}) is a range of the aliased package; workspace, file, link,
 * git and URL specifiers and dist-tags are not versions.
 */
final class SemverScheme implements VersionScheme
{
    static final SemverScheme NPM = new SemverScheme(false);
    static final SemverScheme CARGO = new SemverScheme(true);

    private static final Pattern VERSION = Pattern.compile("v?(\\d+)(?:\\.(\\d+|[xX*]))?(?:\\.(\\d+|[xX*]))?([-+][0-9A-Za-z.+-]*)?");
    /** One operator and one version, possibly partial or with x-wildcards: the styles a version can move in. */
    private static final Pattern SIMPLE = Pattern.compile(
        "^(\\^|~>?|>=|<=|>|<|=)?(\\s*)(v?)(\\d+)(?:\\.(\\d+|[xX*]))?(?:\\.(\\d+|[xX*]))?([-+][0-9A-Za-z.+-]*)?$");
    private static final String ALIAS = "npm:";
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
        if (text.startsWith(ALIAS))
        {
            final int at = aliasAt(text);
            final Spec inner = this == NPM && at > 0 ? parseUncached(text.substring(at + 1)) : null;
            return inner == null ? null : new Spec(text, inner.mentioned(), inner.greediness(), this);
        }
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
        {
            final String range = text.substring(aliasAt(text) + 1);
            return RangesListFactory.create(bareIsCaret && Character.isDigit(range.charAt(0)) ? "^" + range : range);
        }));
    }

    @Override
    public String withVersion(final Spec spec, final String version)
    {
        final String text = spec.text();
        final String alias = text.substring(0, aliasAt(text) + 1);
        final Matcher matcher = SIMPLE.matcher(text.substring(alias.length()));
        final Semver target = version(version);
        if (!matcher.matches() || target == null)
        {
            return null;
        }
        final String head = alias + (matcher.group(1) == null ? "" : matcher.group(1)) + matcher.group(2) +
            matcher.group(3);
        final long[] numbers = {target.getMajor(), target.getMinor(), target.getPatch()};
        final StringBuilder partial = new StringBuilder();
        boolean complete = true;
        for (int i = 0; i < numbers.length; i++)
        {
            final String written = matcher.group(4 + i);
            if (written == null)
            {
                complete = false;
                break;
            }
            final boolean wildcard = !Character.isDigit(written.charAt(0));
            complete &= !wildcard;
            partial.append(i == 0 ? "" : ".").append(wildcard ? written : String.valueOf(numbers[i]));
        }
        // Keep the precision written (^1.2 stays major.minor), unless it no longer admits the version (a prerelease).
        final String moved = head + (complete ? target.getVersion() : partial);
        if (admits(moved, version))
        {
            return moved;
        }
        final String full = head + target.getVersion();
        return admits(full, version) ? full : null;
    }

    @Override
    public String installs(final String name, final String specifier)
    {
        final String text = specifier.trim();
        final int at = this == NPM ? aliasAt(text) : -1;
        return at > 0 ? text.substring(ALIAS.length(), at) : name;
    }

    private boolean admits(final String specifier, final String version)
    {
        final Spec spec = parse(specifier);
        return spec != null && allows(spec, version);
    }

    /** Where an alias's package name ends ({@code npm:@scope/pkg@^1}), or -1 when the text is no alias. */
    private static int aliasAt(final String text)
    {
        return text.startsWith(ALIAS) ? text.indexOf('@', ALIAS.length() + 1) : -1;
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
