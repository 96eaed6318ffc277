package io.sluice.sink.clickhouse;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

import com.clickhouse.client.api.Client;

import io.sluice.model.definition.SinkDefinition;

/**
 * Where and how to reach a pipeline's ClickHouse, and the client for it.
 *
 * @param url one server, or the replicas of one shard separated by commas ({@link ClickHouseReplicas})
 * @param connectTimeout for opening a connection
 * @param socketTimeout for each read while waiting on the server
 * @param insertTimeout for a whole insert, from sending the block to the acknowledgement
 */
public record ClickHouseEndpoint(String url, String username, String password, Duration connectTimeout,
        Duration socketTimeout, Duration insertTimeout) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

    public static final Duration DEFAULT_SOCKET_TIMEOUT = Duration.ofSeconds(60);

    public static final Duration DEFAULT_INSERT_TIMEOUT = Duration.ofSeconds(120);

    /**
     * The buffers of each pooled connection (HTTP input and output) and of an insert's copy. A sink
     * replica keeps a client per pipeline and replica URL, each with its connection between
     * inserts: with client-v2's default of 300,000 bytes a client kept about 950 KB of heap, and a
     * sink with 256 MB of heap ran out of it at about 240 pipelines. An insert's body is written in
     * pieces of this size: a system call per 32 KB of a block, by that count about 1% of the sink's CPU
     * (an estimate).
     */
    static final int NETWORK_BUFFER_BYTES = 32 * 1024;

    public ClickHouseEndpoint {
        Objects.requireNonNull(url, "url");
        username = (username == null || username.isBlank()) ? "default" : username;
        password = (password == null) ? "" : password;
    }

    public static ClickHouseEndpoint of(SinkDefinition sink) {
        return new ClickHouseEndpoint(sink.url(), sink.username(), sink.password(), DEFAULT_CONNECT_TIMEOUT,
                DEFAULT_SOCKET_TIMEOUT, DEFAULT_INSERT_TIMEOUT);
    }

    /** The same settings for one of the replicas its {@code url} lists. */
    public ClickHouseEndpoint withUrl(String url) {
        return new ClickHouseEndpoint(url, this.username, this.password, this.connectTimeout, this.socketTimeout,
                this.insertTimeout);
    }

    /**
     * A client for this endpoint (one URL: {@link ClickHouseReplicas} opens one per replica); the caller closes it. Server responses are uncompressed because
     * ClickHouse 18.16 answers compressed queries in a framing the client does not read. The
     * client's own retries are off: the sink retries with its backoff, after classifying the failure.
     */
    public Client open() {
        return new Client.Builder()
                .addEndpoint(this.url)
                .setUsername(this.username)
                .setPassword(this.password)
                .compressServerResponse(false)
                .setClientNetworkBufferSize(NETWORK_BUFFER_BYTES)
                .setConnectTimeout(this.connectTimeout.toMillis(), ChronoUnit.MILLIS)
                .setSocketTimeout(this.socketTimeout.toMillis(), ChronoUnit.MILLIS)
                .setMaxRetries(0)
                .build();
    }

    // Endpoints end up in logs; never print the password.
    @Override
    public String toString() {
        return "ClickHouseEndpoint[url=" + this.url + ", username=" + this.username + ", password=****, connectTimeout="
                + this.connectTimeout + ", socketTimeout=" + this.socketTimeout + ", insertTimeout=" + this.insertTimeout + "]";
    }

}
