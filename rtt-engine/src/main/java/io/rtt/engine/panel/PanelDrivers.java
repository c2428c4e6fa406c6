package io.rtt.engine.panel;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Set;

import io.rtt.engine.Workspace;
import io.rtt.engine.drivers.DriverContext;
import io.rtt.engine.drivers.DriverEndpoint;
import io.rtt.engine.drivers.DriverProvider;
import io.rtt.engine.drivers.Drivers;
import io.rtt.engine.drivers.EndpointResolver;
import io.rtt.engine.model.Component;
import io.rtt.engine.model.Graph;
import io.rtt.engine.model.Route;
import io.rtt.engine.services.DevServices;
import io.rtt.engine.services.RunningService;
import org.jspecify.annotations.Nullable;

/**
 * The panel's one door to the drivers: which drivers it can run, and starting one for a route. Every use of the
 * drivers package by the panel is here, so that how drivers are found and made can change in one place.
 */
final class PanelDrivers
{
    /** Where nobody named a place for the server: where a dev service may stand in when nothing answers. */
    private static final Set<DriverEndpoint.Source> STARTABLE = EnumSet.of(DriverEndpoint.Source.SCAN,
        DriverEndpoint.Source.WELL_KNOWN_SOCKET, DriverEndpoint.Source.DEFAULT_PORT);

    private PanelDrivers()
    {
    }

    /** Whether the panel can run the driver a route names. */
    static boolean available(final String driver)
    {
        return Drivers.BUILT_IN.contains(driver);
    }

    /** Why a route naming an unavailable driver is not served. */
    static String unavailable(final String driver)
    {
        return Drivers.unservedReason(driver);
    }

    /**
     * Starts the driver of the component a route serves. When its server does not answer where the scan, a
     * well-known socket or the default port point (nothing in rtt.yaml or the environment names a place) and a dev
     * service serves its technology, a throwaway server is started for it and the driver connects there.
     *
     * @param route       a route to the component.
     * @param graph       the graph the route belongs to (the component's endpoints).
     * @param workspace   the workspace: its data directory (an embedded database's file) and its rtt.yaml (a
     *                    component's endpoint), read anew at each start so that an edit reaches the next one.
     * @param devServices the panel's dev services, or null when rtt.yaml turns them off.
     * @return the running driver and where its system is.
     * @throws Exception when the driver cannot start, with why the dev service could not either.
     */
    static StartedDriver start(final Route route, final Graph graph, final Workspace workspace,
        final @Nullable DevServices devServices) throws Exception
    {
        final Path dataDir = workspace.layout().dataDir();
        final EndpointResolver endpoints = EndpointResolver.load(workspace);
        try
        {
            return start(route, Drivers.context(route, graph, dataDir, endpoints));
        }
        catch (final Exception unreachable)
        {
            final Component serving = graph.components().stream().filter(c -> c.id().equals(route.to()))
                .findFirst().orElse(null);
            final DriverProvider provider = Drivers.provider(route.driver());
            if (devServices == null || serving == null || provider == null || serving.technology() == null ||
                !devServices.technologies().contains(serving.technology()) ||
                !STARTABLE.contains(endpoints.resolve(provider, serving, dataDir).source()))
            {
                throw unreachable;
            }
            final RunningService service;
            try
            {
                service = devServices.ensure(serving.id(), serving.technology());
            }
            catch (final RuntimeException ex)
            {
                throw new IllegalStateException(unreachable.getMessage() + "; and no dev service: " +
                    ex.getMessage(), unreachable);
            }
            return start(route, Drivers.context(route, graph, dataDir,
                endpoints.withDevService(serving.id(), service.endpoint())));
        }
    }

    private static StartedDriver start(final Route route, final DriverContext context) throws Exception
    {
        return new StartedDriver(Drivers.start(route, context), context.endpoint());
    }
}
