package io.rtt.tools;

import io.rtt.engine.scan.ScanListener;

/**
 * Turns a scan's per-phase progress (walk, parse, assemble) into one strictly increasing count, as MCP progress
 * notifications require: files walked, then manifests parsed, then the assembly step.
 * <p>
 * Not thread-safe: the scanner serialises its progress calls per phase, and phases run one after another.
 */
final class ScanProgress implements ScanListener
{
    private final Progress progress;
    private long walked;
    private long parsed;
    private double last = -1;

    ScanProgress(final Progress progress)
    {
        this.progress = progress;
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
