package io.rtt.engine.scan.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.rtt.engine.model.Evidence;

/**
 * Reads Protocol Buffers files: {@code service} blocks and their {@code rpc} methods, the endpoints of whichever
 * component implements the service.
 */
public final class ProtoCataloger implements Cataloger
{
    private static final Pattern SERVICE = Pattern.compile("^\\s*service\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*\\{?");
    private static final Pattern RPC = Pattern.compile("^\\s*rpc\\s+([A-Za-z_][A-Za-z0-9_]*)\\s*\\(");

    @Override
    public boolean accepts(final String fileName)
    {
        return fileName.endsWith(".proto");
    }

    @Override
    public void read(final ManifestFile file, final Findings findings)
    {
        final String[] lines = file.text().split("\r?\n", -1);
        String service = null;
        int serviceLine = 0;
        int depth = 0;
        List<String> methods = new ArrayList<>();
        for (int i = 0; i < lines.length; i++)
        {
            final String line = stripComment(lines[i]);
            final Matcher serviceMatcher = SERVICE.matcher(line);
            if (service == null && serviceMatcher.find())
            {
                service = serviceMatcher.group(1);
                serviceLine = i + 1;
                methods = new ArrayList<>();
                depth = 0;
            }
            if (service != null)
            {
                final Matcher rpc = RPC.matcher(line);
                if (rpc.find())
                {
                    methods.add(rpc.group(1));
                }
                depth += count(line, '{') - count(line, '}');
                if (depth <= 0 && line.contains("}"))
                {
                    findings.add(new ProtoService(service, methods,
                        new Evidence(file.relativePath(), serviceLine, "service " + service)));
                    service = null;
                }
            }
        }
        if (service != null)
        {
            findings.error(file.relativePath(), serviceLine, "service " + service + " is not closed");
        }
    }

    private static String stripComment(final String line)
    {
        final int comment = line.indexOf("//");
        return comment >= 0 ? line.substring(0, comment) : line;
    }

    private static int count(final String line, final char c)
    {
        return (int)line.chars().filter(ch -> ch == c).count();
    }
}
