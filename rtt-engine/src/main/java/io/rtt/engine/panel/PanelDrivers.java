package io.rtt.engine.panel;

import io.rtt.engine.Workspace;
import io.rtt.engine.drivers.Driver;
import io.rtt.engine.drivers.Drivers;
import io.rtt.engine.drivers.EndpointResolver;
import io.rtt.engine.model.Graph;
import io.rtt.engine.model.Route;

/**
 * The panel's one door to the drivers: which drivers it can run, and starting one for a route. Every use of the
 * drivers package by the panel is here, so that how drivers are found and made can change in one place.
 */
final class PanelDrivers
{
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
     * Starts the driver of the component a route serves.
     *
     * @param route   a route to the component.
     * @param graph   the graph the route belongs to (the component's endpoints).
     * @param workspace the workspace: its data directory (an embedded database's file) and its rtt.yaml (a
     *                  component's endpoint), read anew at each start so that an edit reaches the next one.
     * @return the running driver.
     * @throws Exception when the driver cannot start.
     */
    static Driver start(final Route route, final Graph graph, final Workspace workspace) throws Exception
    {
        return Drivers.start(route, graph, workspace.layout().dataDir(), EndpointResolver.load(workspace));
    }
}
