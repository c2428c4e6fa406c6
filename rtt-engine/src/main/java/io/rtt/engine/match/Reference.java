package io.rtt.engine.match;

import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Something the scan found that names a component, or implies one.
 *
 * @param kind       what sort of reference, which decides how it is compared.
 * @param text       the reference itself: a host, a variable's name, a declared name, a client library's name.
 * @param aliases    other names the referrer gives the same thing, e.g. the image a workload runs; compared like
 *                   the text, but trusted a little less.
 * @param technology the technology the reference implies ({@code postgres} for a postgres client library), or
 *                   {@code null}.
 * @param named      ids of the candidates the referrer already names by other evidence (an address, a
 *                   depends_on); they are preferred among equals.
 */
public record Reference(Kind kind, String text, List<String> aliases, String technology, Set<String> named)
{
    /**
     * Kinds of reference.
     */
    public enum Kind
    {
        /** A host name in an address (a URL, {@code host:port}, a depends_on): means what answers to that name. */
        HOST,
        /** An environment variable's name such as {@code PRODUCT_CATALOG_SERVICE_ADDR}. */
        VARIABLE,
        /** A declared name, e.g. a workload's, met by a package's name or directory. */
        NAME,
        /** A client library or an import of a technology: means a component of that technology. */
        CLIENT
    }

    /**
     * Validates the reference and copies its collections.
     */
    public Reference
    {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(text, "text");
        aliases = List.copyOf(aliases);
        named = Set.copyOf(named);
        if (kind == Kind.CLIENT && technology == null)
        {
            throw new IllegalArgumentException("a client reference names its technology: " + text);
        }
    }

    /**
     * A host name in an address.
     *
     * @param host the host, e.g. {@code db} from {@code postgres://db:5432/shop}.
     * @return the reference.
     */
    public static Reference host(final String host)
    {
        return new Reference(Kind.HOST, host, List.of(), null, Set.of());
    }

    /**
     * An environment variable's name.
     *
     * @param name the variable's name, e.g. {@code CATALOG_ADDR}.
     * @return the reference.
     */
    public static Reference variable(final String name)
    {
        return new Reference(Kind.VARIABLE, name, List.of(), null, Set.of());
    }

    /**
     * A declared name.
     *
     * @param name    the name, e.g. a compose service's.
     * @param aliases other names for the same thing, e.g. the last segment of its image's repository.
     * @return the reference.
     */
    public static Reference name(final String name, final List<String> aliases)
    {
        return new Reference(Kind.NAME, name, aliases, null, Set.of());
    }

    /**
     * A client library or an import.
     *
     * @param library    its name, e.g. {@code pg}.
     * @param technology what it is a client of, e.g. {@code postgres}.
     * @param named      ids of the components the referrer already names.
     * @return the reference.
     */
    public static Reference client(final String library, final String technology, final Set<String> named)
    {
        return new Reference(Kind.CLIENT, library, List.of(), technology, named);
    }
}
