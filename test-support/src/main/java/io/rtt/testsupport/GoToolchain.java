package io.rtt.testsupport;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The {@code go} command for tests that build or run Go code (Debian's golang-go, Go 1.19, which scripts/test-all
 * installs): the build cache and module path go under the module's {@code target/go/}, the module proxy is off (the
 * RTT Go code uses the standard library only), and no version-control stamp is asked for, so a test writes nothing
 * into the source tree and needs no network.
 */
public final class GoToolchain
{
    /** The reason a test that needs Go gives when skipped. */
    public static final String MISSING = "go is not installed (Debian: apt-get install golang-go; scripts/test-all " +
        "installs it)";

    private GoToolchain()
    {
    }

    /**
     * Whether a {@code go} executable is on the PATH.
     *
     * @return true when one is.
     */
    public static boolean installed()
    {
        final String path = System.getenv("PATH");
        if (path == null)
        {
            return false;
        }
        for (final String dir : path.split(File.pathSeparator))
        {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "go")))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * A {@code go} command run in a directory, with the environment described above.
     *
     * @param dir  the working directory, e.g. the module's.
     * @param args the arguments after {@code go}, e.g. {@code run ./cmd/interop-check}.
     * @return the process builder, not started.
     */
    public static ProcessBuilder command(final Path dir, final String... args)
    {
        final List<String> argv = new ArrayList<>();
        argv.add("go");
        argv.addAll(List.of(args));
        final ProcessBuilder builder = new ProcessBuilder(argv).directory(dir.toFile());
        final Path home = Path.of("target", "go").toAbsolutePath();
        final Map<String, String> env = builder.environment();
        env.put("GOCACHE", home.resolve("cache").toString());
        env.put("GOPATH", home.resolve("path").toString());
        env.put("GOPROXY", "off");
        env.put("GOFLAGS", "-buildvcs=false");
        env.put("GO111MODULE", "on");
        return builder;
    }
}
