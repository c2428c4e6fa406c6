package io.rtt.engine.match;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The default matcher, and the one that always runs: names compared after normalisation, abbreviations expanded,
 * edit distance and shared words for what is only similar, and technology for client libraries.
 * <p>
 * It decides only what the scan has always decided, and ranks the rest as suggestions:
 * <ul>
 *     <li>a host matches only a candidate that answers to exactly that name, as a resolver would;</li>
 *     <li>a declared name or a variable's name matches a candidate whose name or alias is the same once case and
 *     separators are dropped ({@code CartService}, {@code cart-service}, {@code cartservice});</li>
 *     <li>a client library matches the candidate of its technology the referrer already names, else the only one
 *     of that technology;</li>
 *     <li>an abbreviation ({@code cart-svc}), an edit or a shared word make a suggestion, scored below what is
 *     decided.</li>
 * </ul>
 * Two candidates tied at a deciding score are ambiguous, never a guess. Stateless and thread-safe.
 */
public final class HeuristicMatcher implements SymbolMatcher
{
    /** The matcher's name, the {@code via} of its results. */
    public static final String NAME = "heuristic";

    /** A host the candidate answers to; a client's technology where the referrer already names the candidate. */
    static final double EXACT = 1.0;
    /** The same name once case and separators are dropped. */
    static final double SAME_NAME = 0.95;
    /** The same as a name the referrer also goes by, or a candidate of the client's technology. */
    static final double ALIAS = 0.9;
    /** The least score that decides anything but a host. */
    static final double SURE = 0.9;
    /** The same words once abbreviations are written out: a suggestion. */
    static final double ABBREVIATION = 0.85;
    /** What full similarity scores; only suggestions score by similarity, so it stays below {@link #SURE}. */
    static final double SIMILAR = 0.8;
    /** Below this similarity a candidate is not worth suggesting. */
    static final double MIN_SIMILARITY = 0.5;
    /** Longer names are compared by shared words only: edit distance is quadratic in length. */
    static final int MAX_EDIT_LENGTH = 64;

    private static final Map<String, String> ABBREVIATIONS = Map.of(
        "svc", "service",
        "srv", "service",
        "db", "database",
        "cfg", "config",
        "conf", "config",
        "mgr", "manager",
        "msg", "message",
        "repo", "repository",
        "auth", "authentication");

    /** Words that end a variable's name when it holds an address, as {@code Addresses} recognises them. */
    private static final Set<String> ADDRESS_WORDS =
        Set.of("host", "hostname", "server", "addr", "address", "url", "uri", "dsn", "endpoint", "port");

    private static final Pattern WORD_BREAK =
        Pattern.compile("[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])|(?<=[A-Z])(?=[A-Z][a-z])");

    private record Scored(double score, String reason)
    {
        static final Scored NONE = new Scored(0, "");

        Scored max(final Scored other)
        {
            return other.score > score ? other : this;
        }
    }

    @Override
    public String name()
    {
        return NAME;
    }

    @Override
    public MatchResult match(final Reference reference, final List<Candidate> candidates)
    {
        final List<Match> ranked = new ArrayList<>();
        if (reference.kind() == Reference.Kind.HOST)
        {
            // a host resolves exactly or not at all: an exact answer leaves nothing to rank
            for (final Candidate candidate : candidates)
            {
                for (final String alias : candidate.aliases())
                {
                    if (alias.equalsIgnoreCase(reference.text()))
                    {
                        ranked.add(new Match(candidate.id(), EXACT, "answers to host " + alias));
                        break;
                    }
                }
            }
        }
        if (ranked.isEmpty())
        {
            for (final Candidate candidate : candidates)
            {
                final Scored scored = score(reference, candidate);
                if (scored.score > 0)
                {
                    ranked.add(new Match(candidate.id(), scored.score, scored.reason));
                }
            }
            ranked.sort(Comparator.comparingDouble(Match::score).reversed());
        }
        return new MatchResult(ranked, decide(reference, ranked), NAME);
    }

    private static MatchResult.Decision decide(final Reference reference, final List<Match> ranked)
    {
        final double sure = reference.kind() == Reference.Kind.HOST ? EXACT : SURE;
        if (ranked.isEmpty() || ranked.get(0).score() < sure)
        {
            return MatchResult.Decision.UNMATCHED;
        }
        return ranked.size() > 1 && ranked.get(1).score() == ranked.get(0).score() ?
            MatchResult.Decision.AMBIGUOUS : MatchResult.Decision.MATCHED;
    }

    private static Scored score(final Reference reference, final Candidate candidate)
    {
        return switch (reference.kind())
        {
            case CLIENT -> technology(reference, candidate);
            case HOST -> similar(reference.text(), candidate);
            case NAME -> named(reference, candidate);
            case VARIABLE -> variable(reference.text(), candidate);
        };
    }

    private static Scored technology(final Reference reference, final Candidate candidate)
    {
        if (!reference.technology().equals(candidate.technology()))
        {
            return Scored.NONE;
        }
        return reference.named().contains(candidate.id()) ?
            new Scored(EXACT, "technology " + candidate.technology() + ", already named by the referrer") :
            new Scored(ALIAS, "technology " + candidate.technology());
    }

    private static Scored named(final Reference reference, final Candidate candidate)
    {
        final String text = normalise(reference.text());
        Scored best = Scored.NONE;
        for (final String key : keys(candidate))
        {
            final String normalised = normalise(key);
            if (!normalised.isEmpty() && normalised.equals(text))
            {
                best = best.max(new Scored(SAME_NAME, reference.text().equals(key) ? "name " + key :
                    "normalised name: " + reference.text() + " = " + key));
            }
            for (final String alias : reference.aliases())
            {
                if (!normalised.isEmpty() && normalised.equals(normalise(alias)))
                {
                    best = best.max(new Scored(ALIAS, "also known as " + alias + " = " + key));
                }
            }
        }
        return best.score > 0 ? best : similar(reference.text(), candidate);
    }

    private static Scored variable(final String variable, final Candidate candidate)
    {
        final List<String> words = new ArrayList<>(words(variable));
        while (!words.isEmpty() && ADDRESS_WORDS.contains(words.get(words.size() - 1)))
        {
            words.remove(words.size() - 1);
        }
        if (words.isEmpty())
        {
            return Scored.NONE;
        }
        // Kubernetes names a Service's variables <NAME>_SERVICE_HOST: the name is also the stem less "service"
        final List<String> stems = words.size() > 1 && "service".equals(words.get(words.size() - 1)) ?
            List.of(String.join("", words), String.join("", words.subList(0, words.size() - 1))) :
            List.of(String.join("", words));
        for (final String key : keys(candidate))
        {
            if (stems.contains(normalise(key)))
            {
                return new Scored(SAME_NAME, variable + " names " + key);
            }
        }
        return similar(String.join("-", words), candidate);
    }

    /**
     * The tiers that suggest: the same name once normalised (for a host, which must match exactly, only a
     * suggestion), abbreviations written out, then edit distance or shared words.
     */
    private static Scored similar(final String text, final Candidate candidate)
    {
        final String normalised = normalise(text);
        if (normalised.isEmpty())
        {
            return Scored.NONE;
        }
        final String expanded = expand(text);
        Scored best = Scored.NONE;
        for (final String key : keys(candidate))
        {
            final String other = normalise(key);
            if (other.isEmpty())
            {
                continue;
            }
            if (other.equals(normalised))
            {
                best = best.max(new Scored(SAME_NAME, "normalised name: " + text + " = " + key));
                continue;
            }
            if (expanded.equals(expand(key)))
            {
                best = best.max(new Scored(ABBREVIATION, "abbreviation: " + text + " = " + key));
                continue;
            }
            final int longer = Math.max(normalised.length(), other.length());
            final int distance = longer > MAX_EDIT_LENGTH ? longer : distance(normalised, other);
            final double edit = 1.0 - (double)distance / longer;
            final double shared = (double)Math.max(covered(text, other), covered(key, normalised)) / longer;
            final double similarity = Math.max(edit, shared);
            if (similarity >= MIN_SIMILARITY)
            {
                best = best.max(new Scored(Math.round(SIMILAR * similarity * 1000) / 1000.0, edit >= shared ?
                    "edit distance " + distance + ": " + text + " ~ " + key : "shared words: " + text + " ~ " + key));
            }
        }
        return best;
    }

    /** The names a candidate is compared by: its name, then its aliases. */
    private static List<String> keys(final Candidate candidate)
    {
        final List<String> keys = new ArrayList<>(1 + candidate.aliases().size());
        keys.add(candidate.name());
        keys.addAll(candidate.aliases());
        return keys;
    }

    /** Characters of {@code text}'s words (of three letters or more) found in {@code other}. */
    private static int covered(final String text, final String other)
    {
        int covered = 0;
        for (final String word : words(text))
        {
            final String full = ABBREVIATIONS.getOrDefault(word, word);
            if (full.length() >= 3 && other.contains(full))
            {
                covered += full.length();
            }
        }
        return covered;
    }

    /**
     * Lower case without separators, so {@code CartService}, {@code cart-service} and {@code cartservice} meet.
     *
     * @param name a name.
     * @return its letters and digits, lower case.
     */
    static String normalise(final String name)
    {
        return name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    /** The words of a name, lower case: split at separators and at a change from lower to upper case. */
    static List<String> words(final String name)
    {
        return Arrays.stream(WORD_BREAK.split(name)).filter(w -> !w.isEmpty())
            .map(w -> w.toLowerCase(Locale.ROOT)).toList();
    }

    /** The normalised name with each abbreviated word written out: {@code cart-svc} is {@code cartservice}. */
    private static String expand(final String name)
    {
        final StringBuilder expanded = new StringBuilder();
        for (final String word : words(name))
        {
            expanded.append(ABBREVIATIONS.getOrDefault(word, word));
        }
        return expanded.toString();
    }

    /** Levenshtein distance, in two rows. */
    private static int distance(final String a, final String b)
    {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++)
        {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++)
        {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++)
            {
                final int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            final int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
