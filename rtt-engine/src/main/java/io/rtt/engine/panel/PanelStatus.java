package io.rtt.engine.panel;

import java.util.List;
import java.util.Objects;

/**
 * A running panel as its control socket describes it: which process, since when, which WAL frame it follows, and
 * every committed route's status.
 *
 * @param pid           the panel's process id.
 * @param workspace     the workspace root it serves.
 * @param startedAt     when it started, ISO-8601 UTC.
 * @param uptimeMs      how long it has run, in milliseconds.
 * @param headSeq       the sequence number of the WAL frame its routes follow; 0 for an empty log.
 * @param headGraph     the digest of that frame's graph.
 * @param metricsPort   the loopback port of its {@code GET /metrics}, or -1 when it serves none.
 * @param controlSocket the path of its control socket.
 * @param served        how many committed routes it serves.
 * @param routes        every committed route's status, sorted by route id.
 */
public record PanelStatus(long pid, String workspace, String startedAt, long uptimeMs, long headSeq,
    String headGraph, int metricsPort, String controlSocket, long served, List<RouteStatus> routes)
{
    /**
     * Checks the status and freezes its routes.
     */
    public PanelStatus
    {
        Objects.requireNonNull(workspace, "workspace");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(headGraph, "headGraph");
        Objects.requireNonNull(controlSocket, "controlSocket");
        routes = List.copyOf(routes);
    }
}
