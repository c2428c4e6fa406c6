package io.rtt.engine.services;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The unprivileged identity a server runs as when RTT runs as root, for a server that refuses root (Postgres):
 * the {@code postgres} user when the machine has one (a distribution's package made it), else {@code nobody}, which
 * every Linux has (Postgres looks its own uid up, so the passwd entry's ids are used; 65534 when even that line is
 * missing). The child is switched with {@code setpriv}, which
 * execs, so it is the server itself; no user namespace is needed, so this works where those are blocked (Docker's
 * default seccomp profile, {@code kernel.unprivileged_userns_clone=0}).
 *
 * @param name the user's name, for messages.
 * @param uid  its user id.
 * @param gid  its primary group id; supplementary groups are cleared.
 */
record ServerUser(String name, int uid, int gid)
{
    /** The name, uid and gid of the last resort: the overflow id the kernel calls nobody. */
    static final ServerUser NOBODY = new ServerUser("nobody", 65534, 65534);

    /**
     * The first of some users a passwd file lists, else {@link #NOBODY}.
     *
     * @param passwd    the passwd file, e.g. {@code /etc/passwd}.
     * @param preferred the user names, best first.
     * @return the user.
     */
    static ServerUser find(final Path passwd, final List<String> preferred)
    {
        final List<String> lines;
        try
        {
            lines = Files.readAllLines(passwd, StandardCharsets.UTF_8);
        }
        catch (final IOException ex)
        {
            return NOBODY;
        }
        for (final String name : preferred)
        {
            for (final String line : lines)
            {
                final String[] fields = line.split(":", -1);
                if (fields.length >= 4 && fields[0].equals(name) && fields[2].matches("\\d{1,9}") &&
                    fields[3].matches("\\d{1,9}") && !"0".equals(fields[2]))
                {
                    return new ServerUser(name, Integer.parseInt(fields[2]), Integer.parseInt(fields[3]));
                }
            }
        }
        return NOBODY;
    }

    /**
     * The command prefix that runs a child as this user.
     *
     * @param setpriv the {@code setpriv} executable.
     * @return {@code setpriv --reuid=<uid> --regid=<gid> --clear-groups}.
     */
    List<String> prefix(final Path setpriv)
    {
        return List.of(setpriv.toString(), "--reuid=" + uid, "--regid=" + gid, "--clear-groups");
    }

    /**
     * The first directory on the way to a file that this user may not search, or the file itself when it may not
     * execute it: a 0700 home or cache directory on the way stops the server before it starts.
     *
     * @param file the executable, symbolic links resolved first.
     * @return the blocking path, or {@code null} when the way is open.
     * @throws IOException when a path's attributes cannot be read.
     */
    @Nullable Path blocked(final Path file) throws IOException
    {
        final Path real = file.toRealPath();
        Path at = real.getRoot();
        for (final Path name : real)
        {
            if (!mayExecute(at))
            {
                return at;
            }
            at = at.resolve(name);
        }
        return mayExecute(real) ? null : real;
    }

    /**
     * A path's mode, owner and group, as {@code ls} shows them in a message.
     *
     * @param path the path.
     * @return e.g. {@code 0700 uid 0 gid 0}.
     * @throws IOException when its attributes cannot be read.
     */
    static String describe(final Path path) throws IOException
    {
        return String.format("%04o uid %d gid %d", (Integer)Files.getAttribute(path, "unix:mode") & 07777,
            (Integer)Files.getAttribute(path, "unix:uid"), (Integer)Files.getAttribute(path, "unix:gid"));
    }

    /** Whether this user may execute a file or search a directory, by its mode bits (root's powers not assumed). */
    private boolean mayExecute(final Path path) throws IOException
    {
        final int mode = (Integer)Files.getAttribute(path, "unix:mode");
        if ((Integer)Files.getAttribute(path, "unix:uid") == uid)
        {
            return (mode & 0100) != 0;
        }
        if ((Integer)Files.getAttribute(path, "unix:gid") == gid)
        {
            return (mode & 0010) != 0;
        }
        return (mode & 0001) != 0;
    }
}
