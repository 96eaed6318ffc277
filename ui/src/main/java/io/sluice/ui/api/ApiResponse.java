package io.sluice.ui.api;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.MissingNode;

/**
 * A successful answer of the api-service.
 *
 * @param status HTTP status (2xx)
 * @param body   the JSON body, {@link MissingNode} when there is none (204)
 * @param etag   the {@code ETag} header, needed as {@code If-Match} to edit a pipeline; null if absent
 */
public record ApiResponse(int status, JsonNode body, String etag) {

    public ApiResponse {
        body = body == null ? MissingNode.getInstance() : body;
    }
}
