package io.rtt.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.rtt.engine.plan.Applier;
import io.rtt.engine.plan.Plan;
import io.rtt.engine.trust.Keyring;

/**
 * A test workspace whose plan is signed by a local key and applied, as a user would do it.
 */
public final class CommittedWorkspace
{
    /** An app that names one kafka broker: one route, app->events, served by the test class path's append log. */
    public static final String APP_AND_BROKER = """
        services:
          app:
            build: ./app
            environment:
              EVENTS_ADDR: events:9092
          events:
            image: apache/kafka:3.8.0
        """;

    private CommittedWorkspace()
    {
    }

    /**
     * Writes {@link #APP_AND_BROKER} and an rtt.yaml into a new workspace and commits it.
     *
     * @param root   the workspace root to create.
     * @param policy the rtt.yaml to write, or null for none.
     * @return the engine of the committed workspace.
     * @throws IOException if the files cannot be written.
     */
    public static Engine appAndBroker(final Path root, final String policy) throws IOException
    {
        Files.createDirectories(root);
        Files.writeString(root.resolve("compose.yaml"), APP_AND_BROKER);
        if (policy != null)
        {
            Files.writeString(root.resolve("rtt.yaml"), policy);
        }
        return commit(root);
    }

    /**
     * Makes a local key, plans the workspace, signs the plan and applies it.
     *
     * @param root the workspace root, its files already written.
     * @return the engine of the committed workspace.
     */
    public static Engine commit(final Path root)
    {
        final Engine engine = Engine.open(root);
        Keyring.of(engine.workspace()).init("alice");
        final Plan plan = engine.plan();
        final Applier applier = engine.applier();
        applier.sign(plan, null, 0, Duration.ofHours(1));
        assertTrue(applier.apply(plan, false).committed());
        return engine;
    }
}
