package io.rtt.tools;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * Keeps stack traces off the wire. The SDK's HTTP transport writes some failures by serialising the exception
 * object itself; mixed into {@link Throwable}, this leaves only the message and the JSON-RPC error it carries.
 */
@JsonIgnoreProperties({"stackTrace", "suppressed", "localizedMessage", "cause"})
abstract class ErrorBodies
{
    private ErrorBodies()
    {
    }
}
