package io.sluice.api.distribution;

import java.util.List;

/**
 * Every pipeline PostgreSQL holds, read when the api-service (re)publishes all of them to NATS.
 * Implemented by the pipelines feature; without such a bean the republish is skipped.
 */
public interface DistributableCatalog {

    /** Every existing pipeline, deleted ones excluded, with secrets decrypted. */
    List<DistributablePipeline> all();
}
