package io.sluice.api.browse;

import java.time.Duration;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class TopicBrowseConfiguration {

    /** Long enough for a broker across a network, short enough for a page that waits on it. */
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    @Bean
    TopicBrowser topicBrowser() {
        return new KafkaTopicBrowser(TIMEOUT);
    }
}
