package io.rtt.engine.scan.internal;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

import io.rtt.engine.model.Dependency;

/**
 * Reads pip's {@code requirements*.txt} and {@code requirements*.in} as pip reads a requirements file: a line ending
 * in {@code \} joins the next unless it holds a comment, comments ({@code #} at the start or after whitespace) are
 * stripped after joining, and a logical line is a requirement followed by its own options ({@code --hash},
 * {@code --config-settings}, {@code --global-option}) or a line of global options ({@code -r}, {@code -c},
 * {@code -e}, {@code -i}, {@code --find-links}, ...). So the output of {@code pip-compile --generate-hashes}, with its
 * continued {@code --hash} lines and {@code # via} comments, gives one dependency per package, carrying its hashes.
 */
public final class RequirementsCataloger implements Cataloger
{
    /** File names next to a Python manifest that mark it as runnable. */
    static final List<String> PYTHON_ENTRY_POINTS = List.of(
        "main.py", "app.py", "__main__.py", "worker.py", "manage.py", "server.py", "wsgi.py", "asgi.py");

    /** pip's comment: a {@code #} at the start or after whitespace, so a URL's {@code #egg=} fragment is none. */
    private static final Pattern COMMENT = Pattern.compile("(^|\\s+)#.*$");
    /** The algorithms pip accepts in {@code --hash}, each followed by a hex digest. */
    private static final Pattern HASH = Pattern.compile("(?:sha256|sha384|sha512):[0-9a-fA-F]+");
    /** A path or URL installed as it is: it names no registry package whose version could drift. */
    private static final Pattern LOCATION = Pattern.compile("^(?:\\.|/|~|[A-Za-z][A-Za-z0-9+.-]*://|file:)");
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    @Override
    public boolean accepts(final String fileName)
    {
        return fileName.startsWith("requirements") && (fileName.endsWith(".txt") || fileName.endsWith(".in"));
    }

    @Override
    public void read(final ManifestFile file, final Findings findings)
    {
        findings.add(new PackageManifest(file.directory(), file.relativePath(), "python", null,
            hasPythonEntryPoint(file), 2));
        final String scope = file.fileName().contains("dev") || file.fileName().contains("test") ? "dev" : "prod";
        final String[] lines = file.text().split("\r?\n", -1);
        int next = 0;
        while (next < lines.length)
        {
            final int lineNumber = next + 1;
            final StringBuilder joined = new StringBuilder();
            String line = lines[next++];
            while (continues(line) && next < lines.length)
            {
                joined.append(line, 0, line.length() - 1);
                line = lines[next++];
            }
            if (continues(line))
            {
                joined.append(line, 0, line.length() - 1); // a continuation at the end of the file
            }
            else
            {
                if (joined.length() > 0 && COMMENT.matcher(line).find())
                {
                    joined.append(' '); // a comment ends a continued line, and must stay one once joined
                }
                joined.append(line);
            }
            final String text = COMMENT.matcher(joined).replaceFirst("").trim();
            if (!text.isEmpty())
            {
                readLine(file, findings, scope, lineNumber, text);
            }
        }
    }

    private static boolean continues(final String line)
    {
        return line.endsWith("\\") && !COMMENT.matcher(line).find();
    }

    private static void readLine(
        final ManifestFile file, final Findings findings, final String scope, final int lineNumber, final String text)
    {
        // As pip splits a line: the requirement is every token before the first that starts with '-'.
        final String[] tokens = WHITESPACE.split(text);
        int first = 0;
        while (first < tokens.length && !tokens[first].startsWith("-"))
        {
            first++;
        }
        if (first == 0)
        {
            readOptions(file, findings, lineNumber, tokens);
            return;
        }
        final String requirementText = String.join(" ", Arrays.copyOfRange(tokens, 0, first));
        if (LOCATION.matcher(requirementText).find())
        {
            return;
        }
        final Pep508.Requirement requirement = Pep508.parse(requirementText);
        if (requirement == null)
        {
            findings.error(file.relativePath(), lineNumber, "not a PEP 508 requirement: " + requirementText);
            return;
        }
        final List<String> hashes = new ArrayList<>();
        for (int i = first; i < tokens.length; i++)
        {
            final String hash = optionValue(tokens, i, "--hash");
            if (hash == null)
            {
                continue; // --config-settings and --global-option change how it builds, not what it is
            }
            if (valueFollows(tokens[i]))
            {
                i++;
            }
            if (HASH.matcher(hash).matches())
            {
                hashes.add(hash);
            }
            else
            {
                findings.error(file.relativePath(), lineNumber, "--hash of " + requirement.name() +
                    " is not an algorithm (sha256, sha384 or sha512) and a hex digest: " + hash);
            }
        }
        findings.add(new Dependency("pypi", requirement.name(), requirement.range(), scope, file.relativePath(),
            lineNumber, null, hashes));
    }

    private static void readOptions(
        final ManifestFile file, final Findings findings, final int lineNumber, final String[] tokens)
    {
        for (int i = 0; i < tokens.length; i++)
        {
            final String included = optionValue(tokens, i, "-r", "--requirement", "-c", "--constraint");
            if (included == null)
            {
                if (optionValue(tokens, i, "--hash") != null)
                {
                    findings.warning(file.relativePath(), lineNumber,
                        "--hash without a requirement on its line; pip ignores it");
                }
                continue; // -e, -i, --extra-index-url, --find-links, --pre ... name no registry package of their own
            }
            if (included.isEmpty())
            {
                findings.error(file.relativePath(), lineNumber, tokens[i] + " names no file");
                continue;
            }
            if (valueFollows(tokens[i]))
            {
                i++;
            }
            final Path path = file.sibling(included);
            if (path == null)
            {
                findings.error(file.relativePath(), lineNumber,
                    "included file is not a path inside the workspace: " + included);
            }
            else if (!Files.isRegularFile(path))
            {
                findings.error(file.relativePath(), lineNumber, "included file does not exist: " + included);
            }
            // the included file is cataloged on its own when the walk reaches it
        }
    }

    /**
     * The value of an option at a token, in any of the forms pip's option parser takes: {@code --long=value},
     * {@code --long value}, {@code -s value} or {@code -svalue}.
     *
     * @return the value ({@code ""} when it is missing), or {@code null} if the token is none of the options.
     */
    private static String optionValue(final String[] tokens, final int index, final String... options)
    {
        final String token = tokens[index];
        for (final String option : options)
        {
            final boolean longOption = option.startsWith("--");
            if (token.equals(option))
            {
                return index + 1 < tokens.length ? tokens[index + 1] : "";
            }
            if (longOption && token.startsWith(option + "="))
            {
                return token.substring(option.length() + 1);
            }
            if (!longOption && token.startsWith(option))
            {
                return token.substring(option.length());
            }
        }
        return null;
    }

    /** Whether an option token's value is the next token rather than part of the token itself. */
    private static boolean valueFollows(final String option)
    {
        return option.startsWith("--") ? !option.contains("=") : option.length() == 2;
    }

    static boolean hasPythonEntryPoint(final ManifestFile file)
    {
        for (final String name : PYTHON_ENTRY_POINTS)
        {
            if (Files.isRegularFile(file.path().resolveSibling(name)))
            {
                return true;
            }
        }
        return false;
    }
}
