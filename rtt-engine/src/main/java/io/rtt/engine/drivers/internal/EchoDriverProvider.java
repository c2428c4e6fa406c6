package io.rtt.engine.drivers.internal;

import io.rtt.engine.drivers.Driver;
import io.rtt.engine.drivers.DriverContext;
import io.rtt.engine.drivers.DriverProvider;
import io.rtt.engine.model.Component;

/**
 * The {@code echo} driver, for components with no technology of their own: the workspace's services, whose routes
 * carry requests the panel answers with their own payload.
 */
public final class EchoDriverProvider implements DriverProvider
{
    @Override
    public String name()
    {
        return "echo";
    }

    @Override
    public boolean serves(final Component component)
    {
        return component.technology() == null;
    }

    @Override
    public Driver create(final DriverContext context)
    {
        return new EchoDriver();
    }
}
