package io.sluice.api.connection;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.sun.net.httpserver.HttpServer;

/**
 * A server on 127.0.0.1 that is not ClickHouse: it records the Authorization header of every
 * request and answers each with a fixed status and body. Stands for a host an attacker controls
 * (what did Sluice send it?) or an internal service (what of its answer does Sluice show?).
 */
final class CapturingHttpServer implements AutoCloseable {

    private final HttpServer server;

    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    private final List<String> paths = new CopyOnWriteArrayList<>();

    CapturingHttpServer(int status, String body) throws IOException {
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        this.server.createContext("/", (exchange) -> {
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            this.authorizations.add(authorization == null ? "" : authorization);
            this.paths.add(exchange.getRequestURI().toString());
            exchange.getRequestBody().readAllBytes();
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes);
            }
        });
        this.server.start();
    }

    String url() {
        return "http://127.0.0.1:" + this.server.getAddress().getPort();
    }

    int port() {
        return this.server.getAddress().getPort();
    }

    /** Every request's Authorization header as received; Basic credentials decoded to {@code user:password}. */
    List<String> credentialsReceived() {
        return this.authorizations.stream().map((header) -> header.startsWith("Basic ")
                ? new String(Base64.getDecoder().decode(header.substring(6)), StandardCharsets.UTF_8) : header).toList();
    }

    int requests() {
        return this.paths.size();
    }

    @Override
    public void close() {
        this.server.stop(0);
    }

}
