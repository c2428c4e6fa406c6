package io.rtt.engine.drivers;

import java.nio.file.Path;
import java.util.Objects;

import io.rtt.engine.model.Component;
import io.rtt.engine.model.Qos;
import org.agrona.concurrent.EpochNanoClock;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link DriverProvider} is given to start a driver.
 *
 * @param component the serving component, as the committed graph holds it.
 * @param endpoint  where its real system is, and how that was resolved.
 * @param qos       the QoS of the route the driver is started for. One driver serves every route to its component;
 *                  each request also carries its own deadline in its frame.
 * @param limits    what one request may cost, from the QoS of every route to the component; a driver enforces them.
 * @param dataDir   the directory where drivers keep their data; it may not exist yet.
 * @param clock     epoch nanoseconds, the clock of the frames' deadlines.
 * @param secret    the credential the driver presents to its system, or {@code null} when none is given.
 */
public record DriverContext(Component component, DriverEndpoint endpoint, Qos qos, DriverLimits limits, Path dataDir,
    EpochNanoClock clock, @Nullable DriverSecret secret)
{
    /**
     * A context without a secret.
     *
     * @param component the serving component.
     * @param endpoint  where its real system is.
     * @param qos       the route's QoS.
     * @param limits    what one request may cost.
     * @param dataDir   where drivers keep their data.
     * @param clock     epoch nanoseconds.
     */
    public DriverContext(final Component component, final DriverEndpoint endpoint, final Qos qos,
        final DriverLimits limits, final Path dataDir, final EpochNanoClock clock)
    {
        this(component, endpoint, qos, limits, dataDir, clock, null);
    }

    /**
     * Validates the context.
     */
    public DriverContext
    {
        Objects.requireNonNull(component, "component");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(qos, "qos");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(clock, "clock");
    }
}
