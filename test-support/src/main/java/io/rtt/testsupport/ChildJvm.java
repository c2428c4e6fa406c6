package io.rtt.testsupport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts a class's {@code main} in another JVM on this test's class path: the peer a crash test can kill with -9.
 * Tuned to start fast (C1 only, serial GC); stderr is inherited so a failing child explains itself.
 */
public final class ChildJvm
{
    private ChildJvm()
    {
    }

    /**
     * Starts {@code mainClass} with {@code args}; its stdout is the returned process's input stream.
     *
     * @throws IOException if the JVM cannot be started.
     */
    public static Process start(final Class<?> mainClass, final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto",
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), mainClass.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    }
}
