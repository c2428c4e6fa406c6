package io.rtt.tools;

import io.rtt.engine.scan.ScanListener;

/**
 * Turns a scan's per-phase progress (walk, parse, assemble) into one strictly increasing count, as MCP progress
 * notifications require: files walked, then manifests parsed, then the assembly step. Passes the call's
 * cancellation to the scan.
 * <p>
 * Thread-safe: the walk reports from several threads, and this object's lock keeps the count increasing.
 */
final class ScanProgress implements ScanListener
{
    private final Progress progress;
    private final Cancellation cancellation;
    private long walked;
    private long parsed;
    private double last = -1;

    ScanProgress(final Progress progress, final Cancellation cancellation)
    {
        this.progress = progress;
        this.cancellation = cancellation;
    }

    @Override
    public boolean cancelled()
    {
        return cancellation.cancelled();
    }

    @Override
    public synchronized void onProgress(final String phase, final long done, final long total)
    {
        final double value;
        double overall = 0;
        switch (phase)
        {
            case "walk" ->
            {
                walked = done;
                value = done;
            }
            case "parse" ->
            {
                parsed = total;
                value = walked + done;
                overall = walked + total + 1;
            }
            default ->
            {
                value = walked + parsed + done;
                overall = walked + parsed + 1;
            }
        }
        if (value > last)
        {
            last = value;
            progress.report(value, overall, phase + " " + done + (total > 0 ? "/" + total : ""));
        }
    }
}
