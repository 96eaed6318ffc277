package io.sluice.ui.config;

import java.net.URI;
import java.time.Duration;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The ui's settings ({@code sluice.ui.*}; environment {@code SLUICE_UI_APIURL}, …).
 *
 * @param apiUrl      the api-service, without {@code /api/v1}; the ui talks to nothing else
 * @param apiTimeout  longest one API call may take before the page shows "api-service unreachable"
 *                    (connection tests of the wizard take up to 10 s on the API's side)
 * @param refresh     how often the list and detail pages refresh their live parts
 */
@Validated
@ConfigurationProperties("sluice.ui")
public record UiProperties(
        @NotNull @DefaultValue("http://127.0.0.1:8081") URI apiUrl,
        @NotNull @DefaultValue("15s") Duration apiTimeout,
        @NotNull @DefaultValue("5s") Duration refresh) {
}
