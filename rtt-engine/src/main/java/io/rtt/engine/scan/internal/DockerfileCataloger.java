package io.rtt.engine.scan.internal;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.rtt.engine.model.Endpoint;
import io.rtt.engine.model.Evidence;

/**
 * Reads Dockerfiles ({@code Dockerfile}, {@code Dockerfile.*}, {@code *.Dockerfile}): the base image of the final
 * stage, {@code EXPOSE}d ports, and whether an {@code ENTRYPOINT} or {@code CMD} makes the directory's component
 * something that runs.
 */
public final class DockerfileCataloger implements Cataloger
{
    private static final Pattern INSTRUCTION = Pattern.compile("^\\s*([A-Za-z]+)\\s+(.*)$");
    private static final Pattern PORT = Pattern.compile("^(\\d{1,5})(?:/(tcp|udp))?$");

    @Override
    public boolean accepts(final String fileName)
    {
        return "Dockerfile".equals(fileName) || fileName.startsWith("Dockerfile.") ||
            fileName.endsWith(".Dockerfile") || "Containerfile".equals(fileName);
    }

    @Override
    public void read(final ManifestFile file, final Findings findings)
    {
        final String[] lines = file.text().split("\r?\n", -1);
        String baseImage = null;
        int baseLine = 0;
        boolean runs = false;
        for (int i = 0; i < lines.length; i++)
        {
            final Matcher matcher = INSTRUCTION.matcher(lines[i]);
            if (lines[i].trim().startsWith("#") || !matcher.matches())
            {
                continue;
            }
            final String instruction = matcher.group(1).toUpperCase(Locale.ROOT);
            final String argument = matcher.group(2).trim();
            switch (instruction)
            {
                case "FROM" ->
                {
                    final String[] words = argument.split("\\s+");
                    int w = 0;
                    while (w < words.length && words[w].startsWith("--"))
                    {
                        w++; // --platform=...
                    }
                    if (w < words.length)
                    {
                        baseImage = words[w];
                        baseLine = i + 1;
                    }
                    runs = false; // a later stage's entry point is what counts
                }
                case "EXPOSE" ->
                {
                    for (final String word : argument.split("\\s+"))
                    {
                        final Matcher port = PORT.matcher(word);
                        if (port.matches())
                        {
                            final Endpoint endpoint = new Endpoint(Endpoint.Kind.PORT,
                                port.group(2) == null ? "tcp" : port.group(2), port.group(1),
                                new Evidence(file.relativePath(), i + 1, "EXPOSE " + word));
                            findings.add(new DirectoryFact(file.directory(), endpoint, endpoint.evidence(), false));
                        }
                        else if (!word.startsWith("$"))
                        {
                            findings.warning(file.relativePath(), i + 1, "EXPOSE of something not a port: " + word);
                        }
                    }
                }
                case "ENTRYPOINT", "CMD" -> runs = true;
                default ->
                {
                }
            }
        }
        if (baseImage != null)
        {
            findings.add(new DirectoryFact(file.directory(), null,
                new Evidence(file.relativePath(), baseLine, "FROM " + baseImage), runs));
        }
    }
}
