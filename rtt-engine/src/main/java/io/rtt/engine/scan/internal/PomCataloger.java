package io.rtt.engine.scan.internal;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import io.rtt.engine.model.Dependency;
import io.rtt.engine.model.Evidence;

/**
 * Reads Maven's {@code pom.xml} with StAX (no external entities): the artifact, whether it packages runnable code,
 * its modules, and its {@code dependencies} and {@code dependencyManagement} entries with their lines; a version
 * written as {@code ${property}} is resolved from the POM's own properties and keeps the expression in
 * {@code via}.
 */
public final class PomCataloger implements Cataloger
{
    private static final XMLInputFactory FACTORY = Xml.newFactory();
    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    private record Declared(Map<String, String> fields, int line, boolean managed)
    {
    }

    @Override
    public boolean accepts(final String fileName)
    {
        return "pom.xml".equals(fileName);
    }

    @Override
    public void read(final ManifestFile file, final Findings findings)
    {
        final Deque<String> path = new ArrayDeque<>();
        final Map<String, String> project = new HashMap<>();
        final Map<String, String> properties = new HashMap<>();
        final List<Declared> declared = new ArrayList<>();
        final List<Evidence> modules = new ArrayList<>();
        Map<String, String> dependency = null;
        int dependencyLine = 0;
        final StringBuilder text = new StringBuilder();
        XMLStreamReader reader = null;
        try
        {
            reader = FACTORY.createXMLStreamReader(new ByteArrayInputStream(file.bytes()));
            while (reader.hasNext())
            {
                final int event = reader.next();
                if (event == XMLStreamConstants.START_ELEMENT)
                {
                    path.addLast(reader.getLocalName());
                    text.setLength(0);
                    if (isDependency(path))
                    {
                        dependency = new HashMap<>();
                        dependencyLine = reader.getLocation().getLineNumber();
                    }
                }
                else if (event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA)
                {
                    text.append(reader.getText());
                }
                else if (event == XMLStreamConstants.END_ELEMENT)
                {
                    final String value = text.toString().trim();
                    final String parent = parentOf(path);
                    if (dependency != null && path.size() == depthOf(path) + 1)
                    {
                        dependency.put(reader.getLocalName(), value);
                    }
                    else if (path.size() == 2)
                    {
                        project.put(reader.getLocalName(), value);
                    }
                    else if (path.size() == 3 && "properties".equals(parent))
                    {
                        properties.put(reader.getLocalName(), value);
                    }
                    else if (path.size() == 3 && "modules".equals(parent))
                    {
                        modules.add(new Evidence(file.relativePath(), reader.getLocation().getLineNumber(),
                            "module " + value));
                    }
                    else if (path.size() == 3 && "parent".equals(parent))
                    {
                        project.putIfAbsent("parent." + reader.getLocalName(), value);
                    }
                    if (dependency != null && isDependency(path))
                    {
                        declared.add(new Declared(dependency, dependencyLine, path.contains("dependencyManagement")));
                        dependency = null;
                    }
                    path.removeLast();
                    text.setLength(0);
                }
            }
        }
        catch (final XMLStreamException ex)
        {
            findings.error(file.relativePath(), Xml.line(ex), "malformed pom.xml: " + Xml.message(ex));
            return;
        }
        finally
        {
            Xml.close(reader);
        }
        properties.put("project.version", project.getOrDefault("version", project.get("parent.version")));
        properties.put("project.groupId", project.getOrDefault("groupId", project.get("parent.groupId")));
        properties.put("project.artifactId", project.get("artifactId"));
        for (final Declared d : declared)
        {
            addDependency(file, findings, d, properties);
        }
        for (final Evidence module : modules)
        {
            final String name = module.seen().substring("module ".length());
            final java.nio.file.Path moduleDir = file.sibling(name);
            if (moduleDir == null)
            {
                findings.warning(file.relativePath(), module.line(), "module " + name + " is not a path inside the workspace");
            }
            else if (!Files.isRegularFile(moduleDir.resolve("pom.xml")))
            {
                findings.warning(file.relativePath(), module.line(), "module " + name + " has no pom.xml");
            }
            findings.add(new DirectoryFact(file.directory(), null, module, false));
        }
        final String packaging = project.getOrDefault("packaging", "jar");
        final boolean entryPoint = !"pom".equals(packaging) &&
            Files.isDirectory(file.path().resolveSibling("src").resolve("main"));
        findings.add(new PackageManifest(file.directory(), file.relativePath(), "java", project.get("artifactId"),
            entryPoint, 3));
    }

    private static void addDependency(
        final ManifestFile file, final Findings findings, final Declared declared, final Map<String, String> properties)
    {
        final Map<String, String> dependency = declared.fields();
        final String groupId = resolve(dependency.get("groupId"), properties);
        final String artifactId = resolve(dependency.get("artifactId"), properties);
        if (groupId == null || artifactId == null || groupId.isEmpty() || artifactId.isEmpty())
        {
            findings.error(file.relativePath(), declared.line(), "dependency without groupId or artifactId");
            return;
        }
        final String written = dependency.getOrDefault("version", "");
        final String version = resolve(written, properties);
        if (version.contains("${"))
        {
            findings.warning(file.relativePath(), declared.line(),
                "version " + written + " of " + groupId + ":" + artifactId + " names a property this POM does not set");
        }
        final String scope = declared.managed() ? "managed" : dependency.getOrDefault("scope", "compile");
        findings.add(new Dependency("maven", groupId + ":" + artifactId, version,
            "compile".equals(scope) ? "prod" : scope, file.relativePath(), declared.line(),
            written.contains("${") ? written : null));
    }

    private static String resolve(final String value, final Map<String, String> properties)
    {
        if (value == null)
        {
            return null;
        }
        String current = value;
        for (int depth = 0; depth < 8 && current.contains("${"); depth++) // properties may name properties
        {
            final Matcher matcher = PROPERTY.matcher(current);
            final StringBuilder out = new StringBuilder();
            while (matcher.find())
            {
                final String replacement = properties.get(matcher.group(1));
                matcher.appendReplacement(out, Matcher.quoteReplacement(
                    replacement == null ? matcher.group() : replacement));
            }
            matcher.appendTail(out);
            if (out.toString().equals(current))
            {
                break;
            }
            current = out.toString();
        }
        return current;
    }

    /** project/dependencies/dependency or project/dependencyManagement/dependencies/dependency. */
    private static boolean isDependency(final Deque<String> path)
    {
        return "dependency".equals(path.peekLast()) && path.size() == depthOf(path) &&
            "dependencies".equals(parentOf(path));
    }

    private static int depthOf(final Deque<String> path)
    {
        return path.contains("dependencyManagement") ? 4 : 3;
    }

    private static String parentOf(final Deque<String> path)
    {
        final var iterator = path.descendingIterator();
        iterator.next();
        return iterator.hasNext() ? iterator.next() : "";
    }
}
