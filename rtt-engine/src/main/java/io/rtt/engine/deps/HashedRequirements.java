package io.rtt.engine.deps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.rtt.engine.Workspace;
import io.rtt.engine.model.Dependency;
import io.rtt.engine.model.SourceFile;
import io.rtt.engine.model.SymbolIndex;
import io.rtt.engine.scan.internal.Pep508;
import org.jspecify.annotations.Nullable;

/**
 * A requirements file pinned with hashes ({@code --hash=sha256:…}), as {@code pip-compile --generate-hashes} writes
 * it from a {@code requirements.in}. Such a file is a lock: a version changed by hand no longer matches its hashes,
 * and pip refuses to install it, so the doctor never edits one; it names the command that regenerates it.
 * <p>
 * The pins are read here, from the file itself, rather than from the scan's index: the lock's own lines are what
 * must agree with its input, whatever the scan keeps of them.
 *
 * @param file    workspace-relative path of the lock.
 * @param source  workspace-relative path of the {@code .in} it was compiled from, or {@code null} if unknown.
 * @param command the command that regenerates it, run in its directory, or {@code null} if unknown.
 * @param pins    its pinned packages, one per requirement, at the line where the requirement starts.
 */
record HashedRequirements(String file, @Nullable String source, @Nullable String command, List<Dependency> pins)
{
    private static final Pattern HASH = Pattern.compile("--hash[=\\s]");
    private static final Pattern OPTION = Pattern.compile("\\s--?[a-z][a-z-]*(?:[=\\s]\\S+)?");
    /** pip-compile's header names the command after "by the following command:"; uv writes the same. */
    private static final Pattern HEADER = Pattern.compile("^#\\s+((?:pip-compile|uv pip compile)\\b.*?)\\s*$");
    /** {@code # via -r requirements.in}, or on its own line under a multi-line {@code # via}. */
    private static final Pattern VIA = Pattern.compile("^\\s*#\\s*(?:via\\s+)?-r\\s+(\\S+\\.in)\\s*$");

    HashedRequirements
    {
        pins = List.copyOf(pins);
    }

    /**
     * The hashed locks of a workspace: its scanned requirements files, and the {@code .txt} files next to each
     * scanned {@code .in}, since pip-compile's output may have any name ({@code --output-file}).
     *
     * @param workspace the workspace.
     * @param index     its scan index.
     * @return the locks by workspace-relative path.
     */
    static Map<String, HashedRequirements> find(final Workspace workspace, final SymbolIndex index)
    {
        final Set<String> candidates = new TreeSet<>();
        for (final SourceFile file : index.files())
        {
            candidates.add(file.path());
            if (file.path().endsWith(".in"))
            {
                final Path directory = Path.of(file.path()).getParent();
                try (DirectoryStream<Path> siblings = Files.newDirectoryStream(
                    directory == null ? workspace.root() : workspace.root().resolve(directory.toString()), "*.txt"))
                {
                    siblings.forEach(sibling -> candidates.add(workspace.root().relativize(sibling).toString()));
                }
                catch (final IOException ex)
                {
                    // the directory went away since the scan: nothing next to the .in to read
                }
            }
        }
        final Map<String, HashedRequirements> locks = new HashMap<>();
        for (final String candidate : candidates)
        {
            final HashedRequirements lock = read(workspace, candidate);
            if (lock != null)
            {
                locks.put(candidate, lock);
            }
        }
        return locks;
    }

    /**
     * Reads a file as a hashed lock.
     *
     * @param workspace the workspace.
     * @param file      workspace-relative path of a requirements file.
     * @return the lock, or {@code null} if the file pins nothing with hashes or cannot be read (the scan says why).
     */
    static @Nullable HashedRequirements read(final Workspace workspace, final String file)
    {
        if (!file.endsWith(".txt"))
        {
            return null;
        }
        final String text;
        try
        {
            // resolveInside: a .txt listed next to a .in may be a link out of the workspace, which is not read
            text = Files.readString(workspace.resolveInside(file), StandardCharsets.UTF_8);
        }
        catch (final IOException | RuntimeException ex)
        {
            return null;
        }
        if (!HASH.matcher(text).find())
        {
            return null;
        }
        final Path lock = Path.of(file);
        final String name = lock.getFileName().toString();
        final String scope = name.contains("dev") || name.contains("test") ? "dev" : "prod";
        final String[] lines = text.split("\r?\n", -1);
        final List<Dependency> pins = new ArrayList<>();
        String command = null;
        String source = null;
        for (int i = 0; i < lines.length; i++)
        {
            final Matcher header = HEADER.matcher(lines[i]);
            final Matcher via = VIA.matcher(lines[i]);
            if (command == null && header.matches())
            {
                command = header.group(1);
                source = inputOf(command);
            }
            else if (source == null && via.matches())
            {
                source = via.group(1);
            }
            final int start = i;
            final StringBuilder logical = new StringBuilder(uncommented(lines[i]));
            while (logical.toString().stripTrailing().endsWith("\\") && i + 1 < lines.length)
            {
                final String joined = logical.toString().stripTrailing();
                logical.setLength(0);
                logical.append(joined, 0, joined.length() - 1).append(' ').append(uncommented(lines[++i]));
            }
            final String requirement = OPTION.matcher(" " + logical).replaceAll("").trim();
            final Pep508.Requirement parsed = requirement.isEmpty() || requirement.startsWith("-") ? null :
                Pep508.parse(requirement);
            if (parsed != null)
            {
                pins.add(new Dependency("pypi", parsed.name(), parsed.range(), scope, file, start + 1));
            }
        }
        if (source == null)
        {
            final String stem = name.substring(0, name.length() - ".txt".length()) + ".in";
            source = Files.isRegularFile(workspace.root().resolve(file).resolveSibling(stem)) ? stem : null;
        }
        if (source != null && command == null)
        {
            command = "pip-compile --generate-hashes" + (name.equals(Path.of(source).getFileName().toString()
                .replaceAll("\\.in$", ".txt")) ? "" : " --output-file=" + name) + " " + source;
        }
        final Path directory = lock.getParent();
        final String relativeSource = source == null ? null :
            (directory == null ? Path.of(source) : directory.resolve(source)).normalize().toString();
        return new HashedRequirements(file, relativeSource, command, pins);
    }

    /**
     * How to regenerate the lock, in words.
     *
     * @return {@code regenerate it with `pip-compile --generate-hashes requirements.in` in svc/}.
     */
    String regenerate()
    {
        final Path directory = Path.of(file).getParent();
        return command == null ? "regenerate it with the tool that wrote it (no pip-compile header names it)" :
            "regenerate it with `" + command + "`" + (directory == null ? "" : " in " + directory + "/");
    }

    /** The first input a pip-compile command line names that is a {@code .in} file. */
    private static @Nullable String inputOf(final String command)
    {
        for (final String token : command.split("\\s+"))
        {
            if (!token.startsWith("-") && token.endsWith(".in"))
            {
                return token;
            }
        }
        return null;
    }

    private static String uncommented(final String line)
    {
        if (line.stripLeading().startsWith("#"))
        {
            return "";
        }
        final int hash = line.indexOf(" #");
        return hash >= 0 ? line.substring(0, hash) : line;
    }
}
