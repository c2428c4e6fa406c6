package io.rtt.engine.panel;

import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import org.agrona.concurrent.IdleStrategy;

/**
 * Spins, then yields, then parks an agent's thread while it has nothing to do, for at most a bound, until a producer
 * {@link #wake()}s it. A serving agent spins and yields first ({@link #SPINS}, {@link #YIELDS}): a request that
 * follows its answer closely (a client with one in flight) then finds it awake, without the microseconds of an
 * unpark, and an agent idle longer costs nothing. A timer agent parks at once. A waker pays for an
 * unpark only while the agent is parked: the agent raises its parked flag, fences, and asks once
 * more whether work is ready before it parks; a waker makes its work visible, fences, and reads the flag (Dekker), so
 * one of the two always sees the other and no wake-up is lost.
 * <p>
 * Thread-safe: {@link #idle()} from the agent's thread, {@link #wake()} from any.
 */
final class ParkingIdleStrategy implements IdleStrategy
{
    /** Busy-spins ({@link Thread#onSpinWait()}) of a serving agent before it yields: a few microseconds. */
    static final int SPINS = 200;
    /** Yields of a serving agent before it parks: tens of microseconds when another thread wants the core. */
    static final int YIELDS = 50;
    private final long maxParkNs;
    private final int spins;
    private final int yields;
    /** Idle calls since the last work; the agent thread's alone. */
    private int idleCalls;
    private final BooleanSupplier workReady;
    private volatile Thread agentThread;
    private volatile boolean parked;

    /**
     * @param maxParkNs longest park: how late the agent notices work nobody woke it for.
     * @param workReady whether there is work (or a reason to stop); asked after the parked flag is up.
     */
    ParkingIdleStrategy(final long maxParkNs, final BooleanSupplier workReady)
    {
        this(maxParkNs, workReady, 0, 0);
    }

    /**
     * @param maxParkNs longest park: how late the agent notices work nobody woke it for.
     * @param workReady whether there is work (or a reason to stop); asked after the parked flag is up.
     * @param spins     busy-spins after work before the first yield.
     * @param yields    yields after the spins before the first park.
     */
    ParkingIdleStrategy(final long maxParkNs, final BooleanSupplier workReady, final int spins, final int yields)
    {
        this.maxParkNs = maxParkNs;
        this.workReady = workReady;
        this.spins = spins;
        this.yields = yields;
    }

    @Override
    public void idle(final int workCount)
    {
        if (workCount > 0)
        {
            idleCalls = 0;
        }
        else
        {
            idle();
        }
    }

    @Override
    public void idle()
    {
        if (idleCalls < spins + yields)
        {
            if (idleCalls++ < spins)
            {
                Thread.onSpinWait();
            }
            else
            {
                Thread.yield();
            }
            return;
        }
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

    /** Spins and yields again before the next park. */
    @Override
    public void reset()
    {
        idleCalls = 0;
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
