package io.rtt.engine.scan.internal;

import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * StAX set up safely for untrusted manifests (no DTDs, no external entities), and its error details.
 */
final class Xml
{
    private Xml()
    {
    }

    static XMLInputFactory newFactory()
    {
        final XMLInputFactory factory = XMLInputFactory.newFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_COALESCING, true);
        return factory;
    }

    static int line(final XMLStreamException ex)
    {
        return ex.getLocation() == null ? 0 : Math.max(0, ex.getLocation().getLineNumber());
    }

    static String message(final XMLStreamException ex)
    {
        final String text = ex.getMessage() == null ? "" : ex.getMessage();
        final int newline = text.indexOf('\n');
        return (newline < 0 ? text : text.substring(newline + 1)).trim();
    }

    static void close(final XMLStreamReader reader)
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
