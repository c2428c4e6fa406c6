package io.rtt.engine.scan.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a PEP 508 requirement ({@code name[extras] specifier ; marker} or {@code name @ url}) into its normalised
 * name and its version range.
 */
public final class Pep508
{
    private static final Pattern REQUIREMENT = Pattern.compile(
        "^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\\s*(\\[[^\\]]*\\])?\\s*(.*?)\\s*$");
    private static final Pattern SPECIFIER = Pattern.compile(
        "^(?:\\(?\\s*(?:(?:~=|==|!=|<=|>=|<|>|===)\\s*[^,;\\s)]+\\s*,?\\s*)+\\)?|@\\s*\\S+)?$");

    /**
     * A parsed requirement.
     *
     * @param name  PEP 503 normalised name.
     * @param range the version specifier or {@code @ url}, or {@code ""}.
     */
    public record Requirement(String name, String range)
    {
    }

    private Pep508()
    {
    }

    /**
     * Parses a requirement string.
     *
     * @param text the requirement, without comments.
     * @return the requirement, or {@code null} if the text is not one.
     */
    public static Requirement parse(final String text)
    {
        final int semicolon = text.indexOf(';');
        final String withoutMarker = (semicolon >= 0 ? text.substring(0, semicolon) : text).trim();
        final Matcher matcher = REQUIREMENT.matcher(withoutMarker);
        if (!matcher.matches())
        {
            return null;
        }
        final String range = matcher.group(3).trim();
        if (!SPECIFIER.matcher(range).matches())
        {
            return null;
        }
        return new Requirement(Pep503.normalize(matcher.group(1)), range.replaceAll("\\s+", ""));
    }
}
