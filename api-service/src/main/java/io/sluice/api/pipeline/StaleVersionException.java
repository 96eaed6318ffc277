package io.sluice.api.pipeline;

import io.sluice.api.problem.ApiProblemException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;

/** {@code If-Match} names a version that is no longer current (412); the answer carries the current ETag. */
class StaleVersionException extends ApiProblemException {

    StaleVersionException(String id, long currentVersion) {
        super(HttpStatus.PRECONDITION_FAILED, "Pipeline changed since you read it",
                "Pipeline \"" + id + "\" is now at version " + currentVersion
                        + "; read it again, reapply your change and send the new ETag as If-Match.");
        getHeaders().set(HttpHeaders.ETAG, EntityTags.of(currentVersion));
    }

}
