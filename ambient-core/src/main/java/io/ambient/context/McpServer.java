package io.ambient.context;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One MCP server a context pack gives the agent. Values may reference environment variables as {@code ${NAME}}:
 * they are resolved by the agent from its environment (where its config format allows it) and never written out with
 * their values, so secrets stay in the environment.
 *
 * @param name      the server's name, unique within a run
 * @param transport how the agent talks to it
 * @param command   program to start, for {@link Transport#STDIO}
 * @param args      its arguments
 * @param env       its environment
 * @param url       endpoint, for {@link Transport#HTTP} and {@link Transport#SSE}
 * @param headers   HTTP headers, for remote servers
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record McpServer(String name, Transport transport, String command, List<String> args, Map<String, String> env,
                        String url, Map<String, String> headers) implements Serializable {

    public McpServer {
        Objects.requireNonNull(name, "name");
        transport = transport != null ? transport : url != null ? Transport.HTTP : Transport.STDIO;
        args = args == null ? List.of() : List.copyOf(args);
        env = env == null ? Map.of() : Map.copyOf(env);
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** How an agent reaches an MCP server. */
    public enum Transport {
        /** A local program speaking MCP on stdin/stdout. */
        STDIO,
        /** Streamable HTTP. */
        HTTP,
        /** Server-sent events (older remote servers). */
        SSE
    }
}
