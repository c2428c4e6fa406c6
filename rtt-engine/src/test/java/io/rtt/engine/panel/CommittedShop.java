package io.rtt.engine.panel;



import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;


import io.rtt.engine.CommittedWorkspace;
import io.rtt.engine.Engine;



import io.rtt.testsupport.Examples;

/**
 * A copy of the bundled example with its plan committed for real: a local key, the plan signed and applied.
 */
final class CommittedShop
{
    /**
     * Routes of the example a panel in this module serves: echo, sqlite, and redis through a dev service; the
     * postgres driver is a module of its own, not on this module's class path.
     */
    static final int SERVED_WITHOUT_POSTGRES = 4;

    private CommittedShop()
    {
    }

    /**
     * @param dir    where to copy the example.
     * @param policy the rtt.yaml to use, or null for the example's own.
     * @return the engine of the committed copy.
     */
    static Engine commit(final Path dir, final String policy) throws IOException
    {
        final Path shop = Examples.copy("shop", dir);
        if (policy != null)
        {
            Files.writeString(shop.resolve("rtt.yaml"), policy);
        }
        return CommittedWorkspace.commit(shop);
    }
}
