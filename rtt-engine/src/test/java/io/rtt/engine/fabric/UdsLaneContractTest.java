package io.rtt.engine.fabric;

import io.rtt.engine.model.Lane;

/** The lane contract on a uds lane. */
class UdsLaneContractTest extends AbstractLaneContractTest
{
    @Override
    Lane kind()
    {
        return Lane.UDS;
    }
}
