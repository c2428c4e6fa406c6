package io.rtt.engine.plan;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.rtt.engine.Workspace;
import io.rtt.engine.model.Component;
import io.rtt.engine.model.ComponentKind;
import io.rtt.engine.model.Graph;

/**
 * A child process for {@link ApplyCrashTest}: plans, signs and applies a new graph again and again in a workspace,
 * printing {@code committed <seq>} after each apply returns, until it is killed.
 */
public final class ApplyLoop
{
    private ApplyLoop()
    {
    }

    /**
     * Runs the loop.
     *
     * @param args the workspace root.
     */
    public static void main(final String[] args)
    {
        final Workspace workspace = Workspace.open(Path.of(args[0]));
        final Applier applier = new Applier(workspace, Clock.systemUTC());
        final PlanFiles files = new PlanFiles(workspace);
        for (long round = 0; ; round++)
        {
            final Graph head = applier.head();
            final List<Component> components = new ArrayList<>(head.components());
            components.add(new Component("c" + System.nanoTime(), "c", ComponentKind.SERVICE, null, "go", null, null,
                List.of(), List.of()));
            final Plan plan = Plan.of(head.digest(), new Graph(Graph.FORMAT, components, List.of()), List.of(),
                List.of());
            files.write(plan);
            applier.sign(plan, null, 0, Duration.ofHours(1));
            final Applier.Outcome outcome = applier.apply(plan, false);
            System.out.println("committed " + outcome.seq());
            System.out.flush();
        }
    }
}
