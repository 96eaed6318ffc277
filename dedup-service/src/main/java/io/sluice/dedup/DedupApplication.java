package io.sluice.dedup;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

@SpringBootApplication
public class DedupApplication {

    public static void main(String[] args) {
        SpringApplication.run(DedupApplication.class, args);
    }
}
