package io.rtt.engine.gen;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Names in generated code, made from route and component ids: words split at anything that is not a letter or a
 * digit, then joined as each language names things. Pure functions of their input, so regeneration names alike.
 */
final class Identifiers
{
    /** Java's keywords and literals, which no package segment may be. */
    private static final Set<String> JAVA_RESERVED = Set.of("abstract", "assert", "boolean", "break", "byte", "case",
        "catch", "char", "class", "const", "continue", "default", "do", "double", "else", "enum", "extends", "final",
        "finally", "float", "for", "goto", "if", "implements", "import", "instanceof", "int", "interface", "long",
        "native", "new", "package", "private", "protected", "public", "return", "short", "static", "strictfp",
        "super", "switch", "synchronized", "this", "throw", "throws", "transient", "try", "void", "volatile", "while",
        "true", "false", "null", "var", "record", "yield", "sealed", "permits");

    private Identifiers()
    {
    }

    /**
     * The words that name a route's client: the route id without its calling component's {@code from->} prefix
     * ({@code worker->ledger} gives {@code ledger}), lower case; a leading digit gets an {@code r} before it.
     *
     * @param routeId the route's id.
     * @param from    the calling component's id.
     * @return at least one word.
     */
    static List<String> clientWords(final String routeId, final String from)
    {
        final String prefix = from + "->";
        return words(routeId.startsWith(prefix) && routeId.length() > prefix.length() ?
            routeId.substring(prefix.length()) : routeId);
    }

    /**
     * Splits text into lower-case words of letters and digits.
     *
     * @param text any id.
     * @return at least one word; {@code r} when the text has no letter or digit.
     */
    static List<String> words(final String text)
    {
        final List<String> words = new ArrayList<>();
        for (final String word : text.split("[^A-Za-z0-9]+"))
        {
            if (!word.isEmpty())
            {
                words.add(word.toLowerCase(Locale.ROOT));
            }
        }
        if (words.isEmpty())
        {
            words.add("r");
        }
        if (Character.isDigit(words.get(0).charAt(0)))
        {
            words.set(0, "r" + words.get(0));
        }
        return words;
    }

    /**
     * Words joined as a type name.
     *
     * @param words from {@link #words}.
     * @return e.g. {@code MyDb}.
     */
    static String pascal(final List<String> words)
    {
        final StringBuilder name = new StringBuilder();
        for (final String word : words)
        {
            name.append(Character.toUpperCase(word.charAt(0))).append(word, 1, word.length());
        }
        return name.toString();
    }

    /**
     * Words joined by underscores, as Python and Go file names.
     *
     * @param words from {@link #words}.
     * @return e.g. {@code my_db}.
     */
    static String snake(final List<String> words)
    {
        return String.join("_", words);
    }

    /**
     * Words joined by hyphens, as Node file names.
     *
     * @param words from {@link #words}.
     * @return e.g. {@code my-db}.
     */
    static String kebab(final List<String> words)
    {
        return String.join("-", words);
    }

    /**
     * The Java package of a component's connectors.
     *
     * @param component the calling component's id.
     * @return {@code rtt.<component>}, the id's words joined by {@code _}, a keyword suffixed with {@code _}.
     */
    static String javaPackage(final String component)
    {
        final String segment = snake(words(component));
        return "rtt." + (JAVA_RESERVED.contains(segment) ? segment + "_" : segment);
    }

    /**
     * The directory of a component's connectors: its id when that is a plain file name, else the id with each
     * other character replaced by {@code _}, so that no id can name a path outside the output directory.
     *
     * @param component the calling component's id.
     * @return one path segment.
     */
    static String directory(final String component)
    {
        final String safe = component.replaceAll("[^A-Za-z0-9._-]", "_");
        return safe.isEmpty() || safe.chars().allMatch(c -> c == '.') ? "_" + safe : safe;
    }
}
