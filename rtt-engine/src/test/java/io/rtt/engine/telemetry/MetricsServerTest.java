package io.rtt.engine.telemetry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The metrics endpoint over real sockets: a foreign Host is refused (DNS rebinding), and clients that send half a
 * request stall neither the others nor the server for good.
 */
@Timeout(60)
class MetricsServerTest
{
    private static String exchange(final int port, final String host) throws IOException
    {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port))
        {
            final OutputStream out = socket.getOutputStream();
            out.write(("GET /metrics HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void shouldRefuseAHostThatIsNotLoopback() throws IOException
    {
        try (MetricsServer server = MetricsServer.start(0, List::of))
        {
            final String refused = exchange(server.port(), "attacker.example:" + server.port());
            final String served = exchange(server.port(), "127.0.0.1:" + server.port());

            assertTrue(refused.startsWith("HTTP/1.1 403"), refused);
            assertTrue(served.startsWith("HTTP/1.1 200"), served);
            assertTrue(exchange(server.port(), "localhost").startsWith("HTTP/1.1 200"));
            assertTrue(exchange(server.port(), "[::1]:" + server.port()).startsWith("HTTP/1.1 200"));
        }
    }

    @Test
    void shouldServeOthersWhileClientsHoldHalfSentHeadersAndThenDropThem() throws IOException
    {
        try (MetricsServer server = MetricsServer.start(0, List::of))
        {
            final List<Socket> slow = new ArrayList<>();
            try
            {
                for (int i = 0; i < 8; i++)
                {
                    final Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port());
                    socket.getOutputStream().write("GET /metrics HTTP/1.1\r\nHost: 127".getBytes(
                        StandardCharsets.US_ASCII));
                    socket.getOutputStream().flush();
                    slow.add(socket);
                }

                assertTrue(exchange(server.port(), "127.0.0.1").startsWith("HTTP/1.1 200"));
                for (final Socket socket : slow)
                {
                    final InputStream in = socket.getInputStream();
                    assertEquals(-1, in.read(), "the server drops a request that never completes");
                }
            }
            finally
            {
                for (final Socket socket : slow)
                {
                    socket.close();
                }
            }
        }
    }
}
