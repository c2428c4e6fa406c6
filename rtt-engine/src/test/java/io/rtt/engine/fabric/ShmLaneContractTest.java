package io.rtt.engine.fabric;

import io.rtt.engine.model.Lane;

/** The lane contract on a shm lane. */
class ShmLaneContractTest extends AbstractLaneContractTest
{
    @Override
    Lane kind()
    {
        return Lane.SHM;
    }
}
