package io.rtt.engine.health;

import org.slf4j.LoggerFactory;

/**
 * Told of each transition of a route's {@link CircuitBreaker}: the hook a flight recorder or an alert plugs into.
 * <p>
 * Called on the route's driver thread, after the breaker's new state is published, once per transition and in their
 * order. A listener must be fast, must not block and must not throw: the next request of the route waits for it. A
 * listener that throws anyway is logged, and the breaker goes on.
 */
@FunctionalInterface
public interface BreakerListener
{
    /** Hears nothing. */
    BreakerListener NONE = (route, from, to, reason) ->
    {
    };

    /** Logs each transition once: opening at warn, half-opening and closing at info. */
    BreakerListener LOGGING = (route, from, to, reason) ->
    {
        if (to == CircuitBreaker.State.OPEN)
        {
            LoggerFactory.getLogger(CircuitBreaker.class).warn("route {}: circuit breaker {} -> {}: {}", route,
                from.label(), to.label(), reason);
        }
        else
        {
            LoggerFactory.getLogger(CircuitBreaker.class).info("route {}: circuit breaker {} -> {}: {}", route,
                from.label(), to.label(), reason);
        }
    };

    /**
     * A breaker changed state.
     *
     * @param route  the route whose breaker it is.
     * @param from   the state it left.
     * @param to     the state it entered.
     * @param reason why, with the numbers that decided it, e.g. {@code 60% failures over the last 20 calls
     *               (threshold 50%)}.
     */
    void onTransition(String route, CircuitBreaker.State from, CircuitBreaker.State to, String reason);
}
