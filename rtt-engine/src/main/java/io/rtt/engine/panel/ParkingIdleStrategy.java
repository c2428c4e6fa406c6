package io.rtt.engine.panel;

import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.agrona.concurrent.IdleStrategy;

/**
 * Parks an agent's thread while it has nothing to do, for at most a bound, until a producer {@link #wake()}s it. A
 * waker pays for an unpark only while the agent is parked: the agent raises its parked flag, fences, and asks once
 * more whether work is ready before it parks; a waker makes its work visible, fences, and reads the flag (Dekker), so
 * one of the two always sees the other and no wake-up is lost.
 * <p>
 * Thread-safe: {@link #idle()} from the agent's thread, {@link #wake()} from any.
 */
final class ParkingIdleStrategy implements IdleStrategy
{
    private final long maxParkNs;
    private final BooleanSupplier workReady;
    private volatile Thread agentThread;
    private volatile boolean parked;

    /**
     * @param maxParkNs longest park: how late the agent notices work nobody woke it for.
     * @param workReady whether there is work (or a reason to stop); asked after the parked flag is up.
     */
    ParkingIdleStrategy(final long maxParkNs, final BooleanSupplier workReady)
    {
        this.maxParkNs = maxParkNs;
        this.workReady = workReady;
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount <= 0)
        {
            idle();
        }
    }

    @Override
    public void idle()
    {
        agentThread = Thread.currentThread();
        parked = true;
        VarHandle.fullFence();
        // asked after the flag is up: work published before a waker saw the flag is found here
        if (!workReady.getAsBoolean())
        {
            LockSupport.parkNanos(this, maxParkNs);
        }
        parked = false;
    }

    /** Nothing to reset: each idle parks afresh. */
    @Override
    public void reset()
    {
    }

    /** Wakes the agent if it is parked; call after making the work (or the stop) visible. */
    void wake()
    {
        VarHandle.fullFence();
        if (parked)
        {
            LockSupport.unpark(agentThread);
        }
    }

    @Override
    public String alias()
    {
        return "parking";
    }
}
