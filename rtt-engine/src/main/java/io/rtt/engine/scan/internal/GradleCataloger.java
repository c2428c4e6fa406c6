package io.rtt.engine.scan.internal;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.rtt.engine.model.Dependency;

/**
 * Reads Gradle build files ({@code build.gradle}, {@code build.gradle.kts}) best effort: dependency declarations
 * written as {@code group:name:version} string literals, in Groovy or Kotlin DSL. Versions computed by code,
 * catalogs and plugins' own dependencies are not seen; each file says so in an info diagnostic.
 */
public final class GradleCataloger implements Cataloger
{
    private static final Pattern DECLARATION = Pattern.compile(
        "^\\s*(implementation|api|compileOnly|runtimeOnly|testImplementation|testRuntimeOnly|testCompileOnly|" +
        "annotationProcessor|kapt|ksp|developmentOnly|compile|runtime|testCompile)\\s*\\(?\\s*" +
        "(?:platform\\s*\\(\\s*)?[\"']([^:\"'\\s]+):([^:\"'\\s]+)(?::([^\"'@\\s]+))?(?:@[^\"']*)?[\"']");
    private static final Pattern APPLICATION = Pattern.compile(
        "(\\bapplication\\b|mainClass|org\\.springframework\\.boot|io\\.micronaut\\.application|io\\.quarkus)");
    private static final Pattern KOTLIN = Pattern.compile("(kotlin\\(\"jvm\"\\)|org\\.jetbrains\\.kotlin)");

    @Override
    public boolean accepts(final String fileName)
    {
        return "build.gradle".equals(fileName) || "build.gradle.kts".equals(fileName);
    }

    @Override
    public void read(final ManifestFile file, final Findings findings)
    {
        final String text = file.text();
        final String[] lines = text.split("\r?\n", -1);
        for (int i = 0; i < lines.length; i++)
        {
            final Matcher matcher = DECLARATION.matcher(lines[i]);
            if (matcher.find())
            {
                final String configuration = matcher.group(1);
                final String scope = configuration.startsWith("test") ? "test" :
                    configuration.endsWith("Only") && !configuration.startsWith("runtime") ? "build" : "prod";
                findings.add(new Dependency("maven", matcher.group(2) + ":" + matcher.group(3),
                    matcher.group(4) == null ? "" : matcher.group(4), scope, file.relativePath(), i + 1));
            }
        }
        findings.info(file.relativePath(), 0,
            "Gradle build read best effort: only literal group:name:version declarations are seen");
        findings.add(new PackageManifest(file.directory(), file.relativePath(),
            KOTLIN.matcher(text).find() ? "kotlin" : "java", null, APPLICATION.matcher(text).find(), 3));
    }
}
