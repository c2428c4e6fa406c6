package io.rtt.server.mcp;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.FileOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;

import io.modelcontextprotocol.server.McpSyncServer;
import io.rtt.engine.Engine;
import io.rtt.engine.RttException;
import io.rtt.engine.Workspace;
import io.rtt.tools.ToolJson;
import io.rtt.tools.Toolpack;

/**
 * The MCP server of this process over its stdin and stdout, as desktop clients spawn it: the transport starts reading
 * at once, on its own thread, while this thread builds the toolpack and the server; a {@link HandshakeSnapshot}, when
 * the launcher recorded one, answers the client's {@code initialize} and {@code tools/list} meanwhile, and a
 * {@link HandshakeRehearsal} prepares the JSON work of the first messages the server itself reads.
 */
public final class StdioServer
{
    /** Name of the thread that reads stdin. */
    public static final String READER_THREAD_NAME = "rtt-stdin";

    private StdioServer()
    {
    }

    /**
     * Serves a workspace over stdin and stdout until stdin closes.
     *
     * @param path the workspace root.
     * @throws RttException     {@code BAD_INPUT} if the workspace is not a directory, before anything is read.
     * @throws RuntimeException what stopped the reader (a stdout that cannot be written, say), after the server closed.
     */
    public static void serve(final Path path)
    {
        // A workspace that cannot be served is reported before any client message is answered.
        Workspace.open(path);
        HandshakeRehearsal.start();
        // Keep the real stdout for protocol only: anything else printing to System.out lands on stderr.
        final OutputStream protocolOut = new FileOutputStream(FileDescriptor.out);
        System.setOut(new PrintStream(new FileOutputStream(FileDescriptor.err), true));
        final StdioTransportProvider stdio = new StdioTransportProvider(() -> ToolJson.MAPPER,
            new FileInputStream(FileDescriptor.in), protocolOut, StdioTransportProvider.DEFAULT_MAX_LINE_BYTES,
            HandshakeSnapshot.fromSystemProperty());
        final AtomicReference<RuntimeException> failure = new AtomicReference<>();
        final Thread reader = new Thread(() ->
        {
            try
            {
                stdio.serve();
            }
            catch (final RuntimeException ex)
            {
                failure.set(ex);
            }
        }, READER_THREAD_NAME);
        // A daemon: if building fails, the failure ends the process rather than a reader blocked on stdin.
        reader.setDaemon(true);
        reader.start();
        final McpSyncServer server = McpServers.build(new Toolpack(Engine.open(path)), stdio);
        try
        {
            stdio.open();
            reader.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        finally
        {
            server.close();
        }
        if (failure.get() != null)
        {
            // As when the reader ran on this thread: a broken stdout, say, fails the process.
            throw failure.get();
        }
    }
}
