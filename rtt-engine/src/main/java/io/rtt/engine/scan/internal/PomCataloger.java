package io.rtt.engine.scan.internal;

import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import io.rtt.engine.model.Dependency;

/**
 * Reads Maven's {@code pom.xml} with StAX (no external entities): the artifact, whether it packages runnable code,
 * and its {@code dependencies} and {@code dependencyManagement} entries with their lines.
 */
public final class PomCataloger implements Cataloger
{
    private static final XMLInputFactory FACTORY = newFactory();

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
                    if (dependency != null && path.size() == depthOf(path) + 1)
                    {
                        dependency.put(reader.getLocalName(), text.toString().trim());
                    }
                    else if (path.size() == 2)
                    {
                        project.put(reader.getLocalName(), text.toString().trim());
                    }
                    if (dependency != null && isDependency(path))
                    {
                        addDependency(file, findings, dependency, dependencyLine, path.contains("dependencyManagement"));
                        dependency = null;
                    }
                    path.removeLast();
                    text.setLength(0);
                }
            }
        }
        catch (final XMLStreamException ex)
        {
            final int line = ex.getLocation() == null ? 0 : Math.max(0, ex.getLocation().getLineNumber());
            findings.error(file.relativePath(), line, "malformed pom.xml: " + firstLine(ex.getMessage()));
            return;
        }
        finally
        {
            close(reader);
        }
        final String packaging = project.getOrDefault("packaging", "jar");
        final boolean entryPoint = !"pom".equals(packaging) &&
            Files.isDirectory(file.path().resolveSibling("src").resolve("main"));
        findings.add(new PackageManifest(file.directory(), file.relativePath(), "java", project.get("artifactId"),
            entryPoint, 3));
    }

    private static void addDependency(
        final ManifestFile file,
        final Findings findings,
        final Map<String, String> dependency,
        final int line,
        final boolean managed)
    {
        final String groupId = dependency.get("groupId");
        final String artifactId = dependency.get("artifactId");
        if (groupId == null || artifactId == null || groupId.isEmpty() || artifactId.isEmpty())
        {
            findings.error(file.relativePath(), line, "dependency without groupId or artifactId");
            return;
        }
        final String scope = managed ? "managed" : dependency.getOrDefault("scope", "compile");
        findings.add(new Dependency("maven", groupId + ":" + artifactId, dependency.getOrDefault("version", ""),
            "compile".equals(scope) ? "prod" : scope, file.relativePath(), line));
    }

    /** project/dependencies/dependency or project/dependencyManagement/dependencies/dependency. */
    private static boolean isDependency(final Deque<String> path)
    {
        return "dependency".equals(path.peekLast()) && path.size() == depthOf(path);
    }

    private static int depthOf(final Deque<String> path)
    {
        return path.contains("dependencyManagement") ? 4 : 3;
    }

    private static XMLInputFactory newFactory()
    {
        final XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }

    private static String firstLine(final String message)
    {
        final String text = message == null ? "" : message;
        final int newline = text.indexOf('\n');
        return (newline < 0 ? text : text.substring(newline + 1)).trim();
    }

    private static void close(final XMLStreamReader reader)
    {
        if (reader != null)
        {
            try
            {
                reader.close();
            }
            catch (final XMLStreamException ignored)
            {
                // nothing left to release: the input is an in-memory array
            }
        }
    }
}
