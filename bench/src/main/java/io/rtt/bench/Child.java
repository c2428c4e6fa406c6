package io.rtt.bench;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link BenchPeer} process on this JVM's class path, started and awaited until it says ready.
 */
final class Child implements AutoCloseable
{
    private final Process process;

    private Child(final Process process)
    {
        this.process = process;
    }

    static Child start(final String... args) throws IOException
    {
        final List<String> command = new ArrayList<>(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "--add-exports", "java.base/jdk.internal.misc=ALL-UNNAMED",
            "-cp", System.getProperty("java.class.path"), BenchPeer.class.getName()));
        command.addAll(List.of(args));
        final Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        if (process.getInputStream().read() != 'r')
        {
            process.destroyForcibly();
            throw new IllegalStateException("bench child " + String.join(" ", args) + " failed to start");
        }
        return new Child(process);
    }

    /** What the child printed after ready, up to its exit. */
    String output() throws IOException, InterruptedException
    {
        final InputStream out = process.getInputStream();
        final String text = new String(out.readAllBytes()).trim();
        process.waitFor();
        return text;
    }

    @Override
    public void close() throws InterruptedException
    {
        process.destroyForcibly().waitFor();
    }
}
