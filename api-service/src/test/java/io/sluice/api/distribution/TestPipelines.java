package io.sluice.api.distribution;

import io.sluice.model.definition.PipelineDefinition;
import io.sluice.model.definition.PipelineJson;

/** Pipeline definitions for tests, with secrets set. */
public final class TestPipelines {

    private TestPipelines() {
    }

    public static PipelineDefinition definition(String id) {
        return PipelineJson.read("""
                {"id": "%s", "name": "Orders %s",
                 "sources": [{"id": "orders",
                              "connection": {"brokers": ["127.0.0.1:9092"], "securityProtocol": "SASL_PLAINTEXT",
                                             "saslMechanism": "PLAIN", "username": "sluice",
                                             "password": "kafka-secret-%s"},
                              "topic": "orders",
                              "schema": {"fields": [{"name": "order_id", "type": "string"}]},
                              "dedup": {"key": ["order_id"], "window": "1h"}}],
                 "sink": {"url": "http://127.0.0.1:8123", "database": "default", "username": "default",
                          "password": "clickhouse-secret-%s", "table": "orders",
                          "mapping": [{"field": "order_id", "column": "order_id", "columnType": "String"}]}}
                """.formatted(id, id, id, id));
    }
}
