package io.rtt.engine.drivers;

import org.agrona.DirectBuffer;

/**
 * Requests a driver takes at once ({@link Driver#handleBatch}), and where each one's outcome goes: a driver whose
 * system pipelines (Redis) sends them all before reading any answer, so a batch costs one round trip, not one each.
 * Valid during the call only; every request gets exactly one outcome, in any order.
 */
public interface DriverBatch
{
    /**
     * How many requests the batch holds.
     *
     * @return at least 1.
     */
    int size();

    /**
     * The buffer request {@code index} is in.
     *
     * @param index from 0.
     * @return its buffer.
     */
    DirectBuffer buffer(int index);

    /**
     * Where request {@code index}'s payload starts in its {@link #buffer}.
     *
     * @param index from 0.
     * @return the offset.
     */
    int offset(int index);

    /**
     * The length of request {@code index}'s payload.
     *
     * @param index from 0.
     * @return the length in bytes.
     */
    int length(int index);

    /**
     * Answers request {@code index}.
     *
     * @param index  from 0.
     * @param answer the answer, from index 0, copied before this returns.
     * @param length its length.
     */
    void answer(int index, DirectBuffer answer, int length);

    /**
     * Refuses request {@code index} for what it asked (a malformed request, the system's error reply), as
     * {@link RequestRefusedException} does for one request: it says nothing of the system's health.
     *
     * @param index   from 0.
     * @param message the error frame's text.
     */
    void refuse(int index, String message);
}
