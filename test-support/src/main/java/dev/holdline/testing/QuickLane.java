package dev.holdline.testing;

import io.quarkus.test.junit.QuarkusIntegrationTest;
import io.quarkus.test.junit.QuarkusTest;
import java.lang.annotation.Annotation;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.platform.engine.FilterResult;
import org.junit.platform.engine.TestDescriptor;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.TestTag;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.PostDiscoveryFilter;

/**
 * The quick lane ({@code scripts/test quick}): leaves out every test that needs infrastructure, read from the code.
 * A class annotated {@code @QuarkusTest} or {@code @QuarkusIntegrationTest} (directly, inherited or as a
 * meta-annotation), any class named {@code *IT}, and anything tagged {@value #INFRA} needs PostgreSQL, RabbitMQ, a
 * packaged app or a tool such as nginx; a plain JUnit test needs none. Registered with the JUnit Platform by
 * ServiceLoader and on only when the system property {@value #PROPERTY} is {@value #QUICK} (the {@code quick} Maven
 * profile sets it): every other run sees every test.
 */
public final class QuickLane implements PostDiscoveryFilter {

    /** The tag a plain JUnit test carries when it does need infrastructure: {@code @Tag("infra")}. */
    public static final String INFRA = "infra";
    public static final String PROPERTY = "holdline.lane";
    public static final String QUICK = "quick";

    private static final Set<String> QUARKUS = Set.of(QuarkusTest.class.getName(), QuarkusIntegrationTest.class.getName());

    private final boolean on;

    public QuickLane() {
        this(QUICK.equals(System.getProperty(PROPERTY)));
    }

    QuickLane(boolean on) {
        this.on = on;
    }

    @Override
    public FilterResult apply(TestDescriptor descriptor) {
        if (!on) {
            return FilterResult.included("not the quick lane");
        }
        if (descriptor.getTags().contains(TestTag.create(INFRA))) {
            return FilterResult.excluded("tagged " + INFRA);
        }
        Optional<Class<?>> testClass = descriptor.getSource().flatMap(QuickLane::testClass);
        if (testClass.isPresent() && needsInfrastructure(testClass.get())) {
            return FilterResult.excluded(testClass.get().getName() + " needs infrastructure");
        }
        return FilterResult.included("a plain unit test");
    }

    /** Whether a test class (or one it is nested in) needs PostgreSQL, RabbitMQ, a packaged app or another tool. */
    public static boolean needsInfrastructure(Class<?> testClass) {
        for (Class<?> c = testClass; c != null; c = c.getEnclosingClass()) {
            if (c.getSimpleName().endsWith("IT")) {
                return true;
            }
            // @QuarkusTest is not @Inherited, but its extension is: a subclass of one starts Quarkus too
            for (Class<?> s = c; s != null; s = s.getSuperclass()) {
                if (annotated(s.getAnnotations(), new HashSet<>())) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Compared by name, meta-annotations included: Quarkus loads a {@code @QuarkusTest} class with a class loader
     * of its own, whose {@code QuarkusTest} is not the one this class sees.
     */
    private static boolean annotated(Annotation[] annotations, Set<String> seen) {
        for (Annotation annotation : annotations) {
            Class<? extends Annotation> type = annotation.annotationType();
            if (QUARKUS.contains(type.getName())
                    || Tag.class.getName().equals(type.getName()) && INFRA.equals(tagValue(annotation))
                    || type.getName().equals(Tag.class.getName() + "s") && Arrays.stream(tags(annotation)).anyMatch(t -> INFRA.equals(tagValue(t)))) {
                return true;
            }
            if (!type.getName().startsWith("java.lang.annotation.") && seen.add(type.getName()) && annotated(type.getAnnotations(), seen)) {
                return true;
            }
        }
        return false;
    }

    private static String tagValue(Annotation tag) {
        return (String) attribute(tag);
    }

    private static Annotation[] tags(Annotation container) {
        return (Annotation[]) attribute(container);
    }

    private static Object attribute(Annotation annotation) {
        try {
            return annotation.annotationType().getMethod("value").invoke(annotation);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Optional<Class<?>> testClass(TestSource source) {
        if (source instanceof ClassSource classSource) {
            return Optional.of(classSource.getJavaClass());
        }
        if (source instanceof MethodSource methodSource) {
            return Optional.of(methodSource.getJavaClass());
        }
        return Optional.empty();
    }
}
