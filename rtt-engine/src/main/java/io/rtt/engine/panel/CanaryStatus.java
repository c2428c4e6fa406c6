package io.rtt.engine.panel;

import java.util.List;
import java.util.Objects;

import io.rtt.engine.health.CanaryVerdict;
import org.jspecify.annotations.Nullable;

/**
 * A canary as the panel's control socket describes it.
 *
 * @param state         {@code armed}, {@code running}, {@code promoted}, {@code rolled_back}, {@code rejected}
 *                      (the rollback is left to a person) or {@code cancelled}.
 * @param frame         the WAL frame that committed the plan under test; 0 while armed.
 * @param base          the graph served before.
 * @param target        the plan's graph.
 * @param fraction      the share of each changed route's messages its canary gets.
 * @param elapsedMs     how long it ran (or has run).
 * @param maxMs         how long it may run before it is judged on what it has.
 * @param routes        each changed route's latest verdict, with its numbers.
 * @param summary       what happened, for people.
 * @param note          what a person should know or do (the command that finishes a rollback), or empty.
 * @param verdictFrame  the WAL frame that records the verdict, or null when none was recorded.
 * @param rollbackFrame the WAL frame of the rollback the panel made, or null.
 */
public record CanaryStatus(String state, long frame, String base, String target, double fraction, long elapsedMs,
    long maxMs, List<RouteCanary> routes, String summary, String note, @Nullable Long verdictFrame,
    @Nullable Long rollbackFrame)
{
    /**
     * Checks the status and freezes its routes.
     */
    public CanaryStatus
    {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(note, "note");
        routes = List.copyOf(routes);
    }

    /**
     * Whether it has ended, one way or another.
     *
     * @return true unless armed or running.
     */
    public boolean ended()
    {
        return !"armed".equals(state) && !"running".equals(state);
    }

    /**
     * One changed route's latest verdict.
     *
     * @param route   the route.
     * @param verdict the judge's verdict, with both sides' figures and the tests' statistics.
     */
    public record RouteCanary(String route, CanaryVerdict verdict)
    {
    }
}
