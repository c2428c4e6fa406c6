package io.rtt.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code rtt serve --http 0} as a child process: started, its port read from stderr, destroyed on close.
 */
final class RttHttpProcess implements AutoCloseable
{
    private static final Pattern URL = Pattern.compile("MCP Streamable HTTP at (http://\\S+/mcp)");

    final Process process;
    final String url;
    final StringBuffer stderr = new StringBuffer();

    RttHttpProcess(final Path workspace, final String token) throws IOException, InterruptedException
    {
        final ProcessBuilder builder = new ProcessBuilder(List.of("java", "-jar", TestWorkspaces.JAR.toString(),
            "serve", "--http", "127.0.0.1:0", workspace.toString()));
        if (token != null)
        {
            builder.environment().put("RTT_MCP_TOKEN", token);
        }
        else
        {
            builder.environment().remove("RTT_MCP_TOKEN");
        }
        process = builder.start();
        final CompletableFuture<String> found = new CompletableFuture<>();
        final Thread reader = new Thread(() ->
        {
            try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getErrorStream(), StandardCharsets.UTF_8)))
            {
                String line;
                while ((line = lines.readLine()) != null)
                {
                    stderr.append(line).append('\n');
                    final Matcher matcher = URL.matcher(line);
                    if (matcher.find())
                    {
                        found.complete(matcher.group(1));
                    }
                }
            }
            catch (final IOException ex)
            {
                found.completeExceptionally(ex);
            }
            found.completeExceptionally(new IllegalStateException("server exited: " + stderr));
        }, "rtt-test-stderr");
        reader.setDaemon(true);
        reader.start();
        try
        {
            url = found.get(60, TimeUnit.SECONDS);
        }
        catch (final Exception ex)
        {
            process.destroyForcibly();
            throw new IllegalStateException("server did not start: " + stderr, ex);
        }
    }

    @Override
    public void close() throws InterruptedException
    {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
        }
    }
}
