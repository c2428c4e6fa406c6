package io.rtt.engine.deps.internal;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Python versions and version specifiers as PEP 440 defines them: parsing with normalisation (alternate spellings
 * of pre, post and dev releases, {@code v} prefix, separators), total ordering, and specifier matching for
 * {@code ~= == != <= >= < > ===} with {@code .*} prefix matching. No library on Maven Central implements PEP 440,
 * so it is written here and tested against the PEP's examples.
 */
public final class Pep440
{
    private static final Pattern VERSION = Pattern.compile(
        "^\\s*v?(?:(\\d+)!)?(\\d+(?:\\.\\d+)*)" +
        "(?:[-_.]?(a|b|c|rc|alpha|beta|pre|preview)[-_.]?(\\d*))?" +
        "(?:-(\\d+)|[-_.]?(post|rev|r)[-_.]?(\\d*))?" +
        "(?:[-_.]?(dev)[-_.]?(\\d*))?" +
        "(?:\\+([a-z0-9]+(?:[-_.][a-z0-9]+)*))?\\s*$", Pattern.CASE_INSENSITIVE);
    private static final Pattern CLAUSE = Pattern.compile("^\\s*(~=|===|==|!=|<=|>=|<|>)\\s*(.+?)\\s*$");

    /**
     * A parsed version.
     *
     * @param epoch   the epoch.
     * @param release release segments, trailing zeros kept as written.
     * @param prePhase 0 a, 1 b, 2 rc, or -1 for none.
     * @param preNumber the pre-release number.
     * @param post    the post-release number, or -1 for none.
     * @param dev     the dev-release number, or -1 for none.
     * @param local   the local label, or {@code ""}.
     */
    public record Version(
        long epoch, List<BigInteger> release, int prePhase, long preNumber, long post, long dev, String local)
        implements Comparable<Version>
    {
        /**
         * Whether this is a pre-release or a development release.
         *
         * @return true for {@code 1.0a1}, {@code 1.0.dev3}.
         */
        public boolean isPrerelease()
        {
            return prePhase >= 0 || dev >= 0;
        }

        @Override
        public int compareTo(final Version other)
        {
            int c = Long.compare(epoch, other.epoch);
            if (c != 0)
            {
                return c;
            }
            final int n = Math.max(release.size(), other.release.size());
            for (int i = 0; i < n; i++)
            {
                c = segment(release, i).compareTo(segment(other.release, i));
                if (c != 0)
                {
                    return c;
                }
            }
            c = Long.compare(preKey(), other.preKey());
            if (c != 0)
            {
                return c;
            }
            c = Long.compare(post, other.post);
            if (c != 0)
            {
                return c;
            }
            c = Long.compare(dev < 0 ? Long.MAX_VALUE : dev, other.dev < 0 ? Long.MAX_VALUE : other.dev);
            return c != 0 ? c : compareLocal(local, other.local);
        }

        /** Local labels: segment by segment, numbers numerically and above words; a longer label sorts later. */
        private static int compareLocal(final String a, final String b)
        {
            if (a.isEmpty() || b.isEmpty())
            {
                return Boolean.compare(!a.isEmpty(), !b.isEmpty());
            }
            final String[] x = a.split("\\.");
            final String[] y = b.split("\\.");
            for (int i = 0; i < Math.min(x.length, y.length); i++)
            {
                final boolean xn = x[i].chars().allMatch(Character::isDigit);
                final boolean yn = y[i].chars().allMatch(Character::isDigit);
                final int c = xn && yn ? new BigInteger(x[i]).compareTo(new BigInteger(y[i])) :
                    xn != yn ? Boolean.compare(xn, yn) : x[i].compareTo(y[i]);
                if (c != 0)
                {
                    return c;
                }
            }
            return Integer.compare(x.length, y.length);
        }

        /** Orders pre-releases: a dev release with no pre part sorts before every pre-release of its release. */
        private long preKey()
        {
            if (prePhase < 0)
            {
                return post < 0 && dev >= 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
            }
            return prePhase * (1L << 40) + preNumber;
        }

        private static BigInteger segment(final List<BigInteger> release, final int i)
        {
            return i < release.size() ? release.get(i) : BigInteger.ZERO;
        }

        @Override
        public String toString()
        {
            final StringBuilder out = new StringBuilder();
            if (epoch != 0)
            {
                out.append(epoch).append('!');
            }
            for (int i = 0; i < release.size(); i++)
            {
                out.append(i == 0 ? "" : ".").append(release.get(i));
            }
            if (prePhase >= 0)
            {
                out.append(new String[] {"a", "b", "rc"}[prePhase]).append(preNumber);
            }
            if (post >= 0)
            {
                out.append(".post").append(post);
            }
            if (dev >= 0)
            {
                out.append(".dev").append(dev);
            }
            if (!local.isEmpty())
            {
                out.append('+').append(local);
            }
            return out.toString();
        }
    }

    private Pep440()
    {
    }

    /**
     * Parses and normalises a version.
     *
     * @param text a version such as {@code 1.0-alpha1} or {@code v2.post3}.
     * @return the version, or {@code null} if the text is no PEP 440 version.
     */
    public static Version parse(final String text)
    {
        final Matcher m = VERSION.matcher(text);
        if (!m.matches())
        {
            return null;
        }
        final List<BigInteger> release = new ArrayList<>();
        for (final String part : m.group(2).split("\\."))
        {
            release.add(new BigInteger(part));
        }
        int prePhase = -1;
        long preNumber = 0;
        if (m.group(3) != null)
        {
            prePhase = switch (m.group(3).toLowerCase(Locale.ROOT))
            {
                case "a", "alpha" -> 0;
                case "b", "beta" -> 1;
                default -> 2; // c, rc, pre, preview
            };
            preNumber = m.group(4).isEmpty() ? 0 : Long.parseLong(m.group(4));
        }
        long post = -1;
        if (m.group(5) != null)
        {
            post = Long.parseLong(m.group(5));
        }
        else if (m.group(6) != null)
        {
            post = m.group(7).isEmpty() ? 0 : Long.parseLong(m.group(7));
        }
        final long dev = m.group(8) == null ? -1 : m.group(9).isEmpty() ? 0 : Long.parseLong(m.group(9));
        final String local = m.group(10) == null ? "" : m.group(10).toLowerCase(Locale.ROOT).replaceAll("[-_]", ".");
        return new Version(m.group(1) == null ? 0 : Long.parseLong(m.group(1)), List.copyOf(release), prePhase,
            preNumber, post, dev, local);
    }

    /**
     * Whether a version satisfies a specifier set ({@code >=1.0,<2}); an empty set allows every final release.
     *
     * @param version   the candidate.
     * @param specifier comma-separated clauses.
     * @return true if every clause allows it; pre-releases only when a clause names one.
     * @throws IllegalArgumentException if a clause is malformed.
     */
    public static boolean satisfies(final Version version, final String specifier)
    {
        boolean namesPrerelease = false;
        for (final String clause : clauses(specifier))
        {
            final Matcher m = matched(clause);
            final String operand = m.group(2);
            final Version v = parse(operand.endsWith(".*") ? operand.substring(0, operand.length() - 2) : operand);
            namesPrerelease |= v != null && v.isPrerelease();
            if (!allows(m.group(1), operand, version))
            {
                return false;
            }
        }
        return namesPrerelease || !version.isPrerelease();
    }

    /**
     * The versions a specifier set names ({@code >=1.2,<2} names 1.2 and 2).
     *
     * @param specifier comma-separated clauses.
     * @return the named versions.
     * @throws IllegalArgumentException if a clause is malformed.
     */
    public static List<Version> mentioned(final String specifier)
    {
        final List<Version> versions = new ArrayList<>();
        for (final String clause : clauses(specifier))
        {
            final Matcher m = matched(clause);
            final Version v = parse(m.group(2).replace(".*", ""));
            if (v != null)
            {
                versions.add(v);
            }
        }
        return versions;
    }

    private static Matcher matched(final String clause)
    {
        final Matcher m = CLAUSE.matcher(clause);
        if (!m.matches())
        {
            throw new IllegalArgumentException("not a PEP 440 specifier clause: " + clause);
        }
        return m;
    }

    private static List<String> clauses(final String specifier)
    {
        final List<String> clauses = new ArrayList<>();
        for (final String raw : specifier.split(","))
        {
            if (raw.isBlank())
            {
                continue;
            }
            final Matcher m = CLAUSE.matcher(raw);
            if (!m.matches())
            {
                throw new IllegalArgumentException("not a PEP 440 specifier clause: " + raw.trim());
            }
            final String operand = m.group(2);
            if (!"===".equals(m.group(1)) && parse(operand.endsWith(".*") ? operand.substring(0, operand.length() - 2) :
                operand) == null)
            {
                throw new IllegalArgumentException("not a PEP 440 version: " + operand);
            }
            clauses.add(raw.trim());
        }
        return clauses;
    }

    private static boolean allows(final String operator, final String operand, final Version candidate)
    {
        if ("===".equals(operator))
        {
            return candidate.toString().equalsIgnoreCase(operand);
        }
        final boolean prefix = operand.endsWith(".*");
        final Version v = parse(prefix ? operand.substring(0, operand.length() - 2) : operand);
        final Version public1 = withoutLocal(candidate);
        return switch (operator)
        {
            case "==" -> prefix ? prefixMatches(v, candidate) :
                (v.local().isEmpty() ? public1.compareTo(v) == 0 : candidate.compareTo(v) == 0);
            case "!=" -> !(prefix ? prefixMatches(v, candidate) : public1.compareTo(v) == 0);
            case "<=" -> public1.compareTo(v) <= 0;
            case ">=" -> public1.compareTo(v) >= 0;
            case "<" -> public1.compareTo(v) < 0 && !(candidate.isPrerelease() && !v.isPrerelease() &&
                sameRelease(candidate, v));
            case ">" -> public1.compareTo(v) > 0 && !(candidate.post() >= 0 && v.post() < 0 && sameRelease(candidate, v));
            case "~=" ->
            {
                if (v.release().size() < 2)
                {
                    throw new IllegalArgumentException("~= needs at least two release segments: " + operand);
                }
                final Version floor = new Version(v.epoch(), v.release().subList(0, v.release().size() - 1), -1, 0,
                    -1, -1, "");
                yield public1.compareTo(v) >= 0 && prefixMatches(floor, candidate);
            }
            default -> throw new IllegalArgumentException("unknown operator " + operator);
        };
    }

    private static boolean prefixMatches(final Version prefix, final Version candidate)
    {
        if (prefix.epoch() != candidate.epoch())
        {
            return false;
        }
        for (int i = 0; i < prefix.release().size(); i++)
        {
            final BigInteger c = i < candidate.release().size() ? candidate.release().get(i) : BigInteger.ZERO;
            if (!prefix.release().get(i).equals(c))
            {
                return false;
            }
        }
        return true;
    }

    private static boolean sameRelease(final Version a, final Version b)
    {
        return prefixMatches(new Version(b.epoch(), b.release(), -1, 0, -1, -1, ""), a) &&
            a.release().size() <= Math.max(a.release().size(), b.release().size());
    }

    private static Version withoutLocal(final Version v)
    {
        return v.local().isEmpty() ? v :
            new Version(v.epoch(), v.release(), v.prePhase(), v.preNumber(), v.post(), v.dev(), "");
    }
}
