package io.rtt.engine.flight;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.management.JMException;
import javax.management.ObjectName;

import io.rtt.testsupport.ChildJvm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Emitting where no recording runs, as the CLI does on every apply: nothing is recorded and no event class is even
 * loaded, since loading one costs a command's start hundreds of milliseconds while JFR does not run. Checked in a
 * JVM of its own, where no other test started JFR.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class FlightEventsTest
{
    private static final List<String> EVENT_CLASSES = List.of(ReconcileEvent.class.getName(),
        ApplyEvent.class.getName(), RollbackEvent.class.getName(), BreakerTransitionEvent.class.getName(),
        RouteSloBreachEvent.class.getName(), VerifyVerdictEvent.class.getName());

    @Test
    void shouldLoadNoEventClassAndStartNoRecorderWhenJfrDoesNotRun() throws Exception
    {
        final Process child = ChildJvm.start(EmitWithoutJfr.class);
        final String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, child.waitFor());
        assertEquals("jfr running: false; event classes loaded: []", out);
    }

    /** Emits every event with JFR not started, then says whether JFR runs and which event classes got loaded. */
    static final class EmitWithoutJfr
    {
        public static void main(final String[] args) throws IOException, JMException
        {
            FlightEvents.reconcileFinished(FlightEvents.reconcileStarted(), 1, 1, 0);
            FlightEvents.apply(1, "plan", "key");
            FlightEvents.rollback(2, 0, "", "key");
            FlightEvents.breakerTransition("a->b", "closed", "open", "why");
            FlightEvents.routeSloBreach("a->b", "p99", 2, 1);
            FlightEvents.verifyVerdict(true, 0, "ok");
            // the VM's own list of loaded classes, without loading the ones asked about
            final String hierarchy = (String)ManagementFactory.getPlatformMBeanServer().invoke(
                new ObjectName("com.sun.management:type=DiagnosticCommand"), "vmClassHierarchy",
                new Object[] {null}, new String[] {String[].class.getName()});
            // EVENT_CLASSES is read only now: its class literals load the classes
            System.out.println("jfr running: " + jdk.jfr.FlightRecorder.isInitialized() + "; event classes loaded: " +
                EVENT_CLASSES.stream().filter(name -> hierarchy.contains(name + "/")).toList());
        }
    }
}
