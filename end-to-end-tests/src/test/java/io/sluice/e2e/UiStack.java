package io.sluice.e2e;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.sluice.testsupport.LocalEndpoints;
import io.sluice.testsupport.TestNamespace;

/**
 * The services a browser test needs, each its packaged jar in a JVM of its own: api-service and
 * ui always; ingest, dedup and sink (one replica each) when the test watches events flow, and a
 * join replica for a join pipeline. The admin logs in with {@link #ADMIN_PASSWORD}; {@link #TOKEN}
 * is the API's bootstrap token.
 */
final class UiStack implements AutoCloseable {

    static final String ADMIN = "admin";

    static final String ADMIN_PASSWORD = "browser-test-password";

    static final String TOKEN = E2eSupport.TOKEN;

    private final TestNamespace namespace;

    private final LocalEndpoints endpoints = LocalEndpoints.fromEnvironment();

    private final List<ServiceProcess> services = new ArrayList<>();

    private ServiceProcess api;

    private ServiceProcess ui;

    UiStack(TestNamespace namespace) {
        this.namespace = namespace;
    }

    UiStack startApiAndUi() {
        api = start(new ServiceProcess("api-service", namespace.id() + "-api", with(Map.of(
                "SLUICE_POSTGRES_URL", endpoints.postgresJdbcUrl(),
                "SLUICE_POSTGRES_USER", endpoints.postgresUser(),
                "SLUICE_POSTGRES_PASSWORD", endpoints.postgresPassword(),
                "SLUICE_POSTGRES_SCHEMA", namespace.postgresSchema(),
                "SLUICE_ENCRYPTION_KEY", "dWktdGVzdHMtdWktdGVzdHMtdWktdGVzdHMtdWktdGU=",
                "SLUICE_BOOTSTRAP_TOKEN", TOKEN,
                "SLUICE_ADMIN_PASSWORD", ADMIN_PASSWORD,
                // Charts get a point a second, so a test sees them move within seconds.
                "SLUICE_STATUS_SAMPLEINTERVAL", "1s")), List.of()));
        ui = start(new ServiceProcess("ui", namespace.id() + "-ui",
                Map.of("SLUICE_UI_APIURL", apiUrl(), "SLUICE_UI_REFRESH", "2s"), List.of()));
        return this;
    }

    /** One replica each of ingest, dedup (on the machine's Redis, under this test's prefix) and sink. */
    UiStack startWorkers() {
        start(new ServiceProcess("ingest-service", namespace.id() + "-ingest",
                with(Map.of("SLUICE_WORKER_REPLICAID", "ingest-1")), List.of()));
        start(new ServiceProcess("dedup-service", namespace.id() + "-dedup", with(Map.of(
                "SLUICE_WORKER_REPLICAID", "dedup-1",
                "SLUICE_DEDUP_REDISURI", endpoints.redisUri(),
                "SLUICE_DEDUP_KEYPREFIX", namespace.redisPrefix())), List.of()));
        start(new ServiceProcess("sink-service", namespace.id() + "-sink",
                with(Map.of("SLUICE_WORKER_REPLICAID", "sink-1")), List.of()));
        return this;
    }

    /** One ingest replica alone: enough for a pipeline's dead letters of bad input, and their replay. */
    UiStack startIngest() {
        start(new ServiceProcess("ingest-service", namespace.id() + "-ingest",
                with(Map.of("SLUICE_WORKER_REPLICAID", "ingest-1")), List.of()));
        return this;
    }

    /** One join replica, on the machine's Redis under this test's prefix: for join pipelines. */
    UiStack startJoin() {
        start(new ServiceProcess("join-service", namespace.id() + "-join", with(Map.of(
                "SLUICE_WORKER_REPLICAID", "join-1",
                "SLUICE_JOIN_REDISURI", endpoints.redisUri(),
                "SLUICE_JOIN_KEYPREFIX", namespace.redisPrefix())), List.of()));
        return this;
    }

    /** A request to the api-service with the bootstrap token; {@code json} null for a GET. */
    HttpResponse<String> api(String method, String path, String json) throws Exception {
        return E2eSupport.call(api, method, path, json);
    }

    String uiUrl() {
        return "http://127.0.0.1:" + ui.port();
    }

    String apiUrl() {
        return "http://127.0.0.1:" + api.port();
    }

    private ServiceProcess start(ServiceProcess service) {
        services.add(service);
        return service.start();
    }

    private Map<String, String> with(Map<String, String> own) {
        Map<String, String> all = new HashMap<>(Map.of(
                "SLUICE_NATS_URL", endpoints.natsUrl(),
                "SLUICE_NATS_PREFIX", namespace.natsPrefix(),
                "SLUICE_WORKER_HEARTBEATINTERVAL", "1s"));
        all.putAll(own);
        return all;
    }

    @Override
    public void close() throws InterruptedException {
        for (int i = services.size() - 1; i >= 0; i--) {
            services.get(i).stop();
        }
    }
}
