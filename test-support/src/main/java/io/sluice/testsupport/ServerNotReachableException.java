package io.sluice.testsupport;

/** A server a test declared in {@link RealServers} does not answer. */
public class ServerNotReachableException extends RuntimeException {

    ServerNotReachableException(RealServer server, LocalEndpoints.HostPort address, Exception cause) {
        super("%s is not reachable at %s (%s). Start the local servers with `deploy/local/servers.sh up%s`, or point the tests elsewhere with the SLUICE_* environment variables listed in README.md."
                .formatted(server.displayName(), address, cause.getMessage(),
                        server == RealServer.NATS_CLUSTER || server == RealServer.REDIS_CLUSTER ? " cluster" : ""), cause);
    }
}
