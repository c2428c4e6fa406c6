package io.rtt.engine.scan.internal;

import java.io.ByteArrayInputStream;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import io.rtt.engine.model.Dependency;

/**
 * Reads .NET SDK project files ({@code *.csproj}): {@code PackageReference} items with their version (attribute or
 * child element), and whether the project builds something that runs (a web SDK or {@code OutputType Exe}).
 */
public final class CsprojCataloger implements Cataloger
{
    private static final XMLInputFactory FACTORY = Xml.newFactory();

    @Override
    public boolean accepts(final String fileName)
    {
        return fileName.endsWith(".csproj");
    }

    @Override
    public void read(final ManifestFile file, final Findings findings)
    {
        boolean runs = false;
        String pending = null;
        int pendingLine = 0;
        String pendingVersion = null;
        String element = "";
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
                    element = reader.getLocalName();
                    text.setLength(0);
                    if ("Project".equals(element))
                    {
                        final String sdk = reader.getAttributeValue(null, "Sdk");
                        runs |= sdk != null && (sdk.contains(".Web") || sdk.contains(".Worker"));
                    }
                    else if ("PackageReference".equals(element))
                    {
                        pending = reader.getAttributeValue(null, "Include");
                        pendingVersion = reader.getAttributeValue(null, "Version");
                        pendingLine = reader.getLocation().getLineNumber();
                    }
                }
                else if (event == XMLStreamConstants.CHARACTERS)
                {
                    text.append(reader.getText());
                }
                else if (event == XMLStreamConstants.END_ELEMENT)
                {
                    final String name = reader.getLocalName();
                    if ("OutputType".equals(name))
                    {
                        runs |= "exe".equalsIgnoreCase(text.toString().trim());
                    }
                    else if ("Version".equals(name) && pending != null)
                    {
                        pendingVersion = text.toString().trim();
                    }
                    else if ("PackageReference".equals(name) && pending != null)
                    {
                        findings.add(new Dependency("nuget", pending, pendingVersion == null ? "" : pendingVersion,
                            "prod", file.relativePath(), pendingLine));
                        pending = null;
                    }
                    text.setLength(0);
                }
            }
        }
        catch (final XMLStreamException ex)
        {
            findings.error(file.relativePath(), Xml.line(ex), "malformed project file: " + Xml.message(ex));
            return;
        }
        finally
        {
            Xml.close(reader);
        }
        final String fileName = file.fileName();
        findings.add(new PackageManifest(file.directory(), file.relativePath(), "csharp",
            fileName.substring(0, fileName.length() - ".csproj".length()), runs, 3));
    }
}
