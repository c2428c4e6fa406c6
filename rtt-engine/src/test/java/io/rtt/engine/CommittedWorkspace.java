package io.rtt.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

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
    private CommittedWorkspace()
    {
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
