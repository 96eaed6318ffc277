package io.sluice.api.distribution;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.nats.client.Connection;
import io.nats.client.Nats;
import io.nats.client.Options;
import io.sluice.api.config.ApiProperties;
import io.sluice.model.nats.NatsNames;
import io.sluice.model.nats.NatsReplicas;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class NatsConfiguration {

    private static final Duration FIRST_ATTEMPT_TIMEOUT = Duration.ofSeconds(30);

    @Bean
    NatsNames natsNames(ApiProperties properties) {
        return NatsNames.forConfiguredPrefix(properties.nats().prefix());
    }

    @Bean
    NatsReplicas natsReplicas(ApiProperties properties) {
        return properties.nats().replicaCount();
    }

    /**
     * The one NATS connection of the api-service. It reconnects forever, and the service starts even
     * while NATS is down: changes then wait as "distribution pending" until it is back.
     */
    @Bean(destroyMethod = "close")
    Connection natsConnection(ApiProperties properties, ApplicationEventPublisher events)
            throws InterruptedException {
        String url = properties.nats().url();
        CompletableFuture<Connection> first = new CompletableFuture<>();
        NatsConnectionListener listener = new NatsConnectionListener(redacted(url), events, first);
        Options options = new Options.Builder()
                .server(url)
                .connectionName("sluice-api-service")
                .maxReconnects(-1)
                .reconnectWait(Duration.ofSeconds(2))
                .connectionListener(listener)
                .errorListener(listener)
                .build();
        // Nats.connect fails when the server is down, and connectReconnectOnConnect blocks until it
        // is up; the asynchronous connect hands over the connection with its first event, connected
        // or not, and keeps trying in the background.
        Nats.connectAsynchronously(options, true);
        try {
            return first.get(FIRST_ATTEMPT_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("No NATS connection attempt to " + redacted(url) + " finished in "
                    + FIRST_ATTEMPT_TIMEOUT, e);
        }
    }

    /** The URL without user and password, for log lines. */
    static String redacted(String url) {
        try {
            URI uri = URI.create(url);
            if (uri.getUserInfo() == null) {
                return url;
            }
            return new URI(uri.getScheme(), null, uri.getHost(), uri.getPort(), uri.getPath(), null, null).toString();
        } catch (IllegalArgumentException | java.net.URISyntaxException e) {
            return "(unparseable NATS URL)";
        }
    }

}
