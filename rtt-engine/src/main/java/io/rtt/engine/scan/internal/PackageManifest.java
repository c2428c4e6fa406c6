package io.rtt.engine.scan.internal;

/**
 * A package found in a directory: one manifest's view of it.
 *
 * @param directory    workspace-relative directory of the package.
 * @param file         workspace-relative manifest path.
 * @param language     the package's language.
 * @param declaredName the name the manifest declares, or {@code null}.
 * @param entryPoint   whether the package has an entry point (and so is a service rather than a library).
 * @param precedence   lower wins when several manifests in one directory disagree on language or name.
 */
public record PackageManifest(
    String directory, String file, String language, String declaredName, boolean entryPoint, int precedence)
{
}
