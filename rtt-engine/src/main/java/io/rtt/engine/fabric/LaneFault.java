package io.rtt.engine.fabric;

/**
 * Why a lane refused, dropped or reset something of a client's, as its error handler is told (in a
 * {@link LaneFaultException}): one cause each, so the route counts each and logs each cause once, not each time.
 */
public enum LaneFault
{
    /** A frame header claimed more than the route carries: refused with an error frame, the connection closed. */
    OVERSIZED_FRAME,
    /** A connection over the lane's cap: refused with an error frame and closed. */
    CONNECTION_LIMIT,
    /** A connection sent nothing for the idle timeout: closed. */
    IDLE_CONNECTION,
    /** A connection started a frame and did not finish it within the frame timeout: closed. */
    HALF_SENT_FRAME,
    /** A connection left its answers unread past the slow-reader timeout: closed, its answers dropped. */
    SLOW_READER,
    /** A shm ring held what no producer writes (bad positions or record headers): the lane was reset. */
    DAMAGED_RING
}
