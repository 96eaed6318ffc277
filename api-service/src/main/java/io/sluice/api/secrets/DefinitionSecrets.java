package io.sluice.api.secrets;

import io.sluice.model.definition.PipelineDefinition;
import org.springframework.stereotype.Component;

/**
 * Seals and opens the secrets inside a pipeline definition. Only the secret fields are encrypted;
 * the rest of the definition stays readable in the database (which topics, tables and brokers a
 * pipeline uses), and a masked view needs no key at all.
 */
@Component
public class DefinitionSecrets {

    private final SecretCipher cipher;

    DefinitionSecrets(SecretCipher cipher) {
        this.cipher = cipher;
    }

    /** The definition with every secret encrypted, bound to the pipeline id and the field. */
    public PipelineDefinition seal(PipelineDefinition clear) {
        return SecretFields.map(clear, (field, value) -> this.cipher.seal(value, context(clear, field)));
    }

    /** The definition with every secret decrypted, as workers need it. */
    public PipelineDefinition open(PipelineDefinition sealed) {
        return SecretFields.map(sealed, (field, value) -> this.cipher.open(value, context(sealed, field)));
    }

    private static String context(PipelineDefinition definition, SecretField field) {
        return "pipeline " + definition.id() + " " + field.key();
    }

}
