package io.rtt.server.cli;

import java.io.PrintWriter;

import io.rtt.engine.scan.ScanListener;

/**
 * Scan progress on one rewritten stderr line, for an interactive terminal only. Thread-safe: the walk reports from
 * several threads.
 */
final class TerminalProgress implements ScanListener
{
    private final PrintWriter err;
    private boolean shown;

    private TerminalProgress(final PrintWriter err)
    {
        this.err = err;
    }

    /**
     * A listener that draws progress when stderr is a terminal and stays silent otherwise.
     *
     * @param err the error stream.
     * @return the listener.
     */
    static TerminalProgress forTerminal(final PrintWriter err)
    {
        return new TerminalProgress(System.console() != null ? err : null);
    }

    @Override
    public synchronized void onProgress(final String phase, final long done, final long total)
    {
        if (err != null)
        {
            err.print("\rscanning: " + phase + " " + done + (total > 0 ? "/" + total : "") + "   ");
            err.flush();
            shown = true;
        }
    }

    /**
     * Clears the progress line, if one was drawn.
     */
    synchronized void clear()
    {
        if (shown)
        {
            err.print("\r\033[K");
            err.flush();
        }
    }
}
