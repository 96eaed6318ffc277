package io.sluice.api.secrets;

/**
 * Where a secret sits in a pipeline definition.
 *
 * @param key stable name of the field across edits: sources are named by their id, not their
 * position, so reordering sources keeps each one's secrets
 * @param path JSON path of the field in the definition as sent, for error messages
 */
public record SecretField(String key, String path) {
}
