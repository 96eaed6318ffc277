package io.sluice.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Declares the real servers a test class needs. Before any test runs each is probed, and an
 * unreachable one fails the class with a message naming the script that starts it, instead of
 * a connection timeout deep inside a client library. Test methods and constructors may take a
 * {@link TestNamespace} and {@link LocalEndpoints} parameter.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RealServersExtension.class)
public @interface RealServers {

    RealServer[] value();
}
